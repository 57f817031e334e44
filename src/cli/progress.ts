/** A one-line progress bar on stderr when it is a terminal; silent otherwise (logs stay clean). */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): {
  update: (stage: string, done: number, total: number) => void;
  done: () => void;
} {
  let drawn = false;
  let lastDraw = 0;
  return {
    update(stage, done, total) {
      if (!stream.isTTY || total <= 0) return;
      const now = performance.now();
      if (done < total && now - lastDraw < 100) return;
      lastDraw = now;
      const width = 30;
      const filled = Math.round((done / total) * width);
      stream.write(`\r${stage} [${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${done}/${total}`);
      drawn = true;
    },
    done() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
