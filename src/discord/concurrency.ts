// The semaphore is shared with the HTTP client of src/sources.
export { Semaphore } from '../concurrency.ts';
