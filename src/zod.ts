/**
 * zod for every schema of the code base, in its functional flavour `zod/mini`
 * (`z.optional(z.string())`, `z.string().check(z.minLength(1))`), imported as
 * `import * as z from '../zod.ts'`: the classic flavour attaches ~50 methods to every schema it
 * builds and could not be cut down by the bundler, and was the largest part of the CLI's start-up.
 * zod/mini leaves its messages to a locale; English, the one classic zod sets, is set here, so a
 * message reads as it did ("Invalid option: expected one of …").
 */
import { en } from 'zod/locales';
import { config } from 'zod/mini';

config(en());

export * from 'zod/mini';
