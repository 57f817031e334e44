/** The precision of the committed model file: 4 decimals. */
export function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

export function roundDown(x: number): number {
  return Math.floor(x * 10000) / 10000;
}
