/**
 * The lessons collection: every lessons/*.mdx at the project root (the glob base is relative to
 * the root, not to srcDir). The file name without extension is the lesson's id and its URL,
 * /lessons/<id>/, so it must not change once published.
 *
 * The schema is strict: a misspelt or unknown field fails the build, as does a missing one, so a
 * lesson cannot silently lose its objectives. Cross-lesson checks (duplicate slots, prerequisites
 * that do not exist) are in site/lib/course.ts and run when the pages are built.
 */
import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';
import { WEEKS } from './lib/weeks';

const nonEmpty = z.string().trim().min(1);

const lessons = defineCollection({
  loader: glob({ base: './lessons', pattern: '*.mdx' }),
  schema: z
    .object({
      /** The course week, 1 to 6; must have an entry in site/lib/weeks.ts. */
      week: z
        .number()
        .int()
        .min(1)
        .refine((week) => WEEKS.some((w) => w.number === week), {
          message: `week must be one of ${WEEKS.map((w) => w.number).join(', ')} (see site/lib/weeks.ts)`,
        }),
      /** Position within the week, from 1; (week, order) must be unique across lessons. */
      order: z.number().int().min(1),
      /** The lesson's title, shown as its h1, in <title> and in the outline: plain text, no math. */
      title: nonEmpty,
      /** One or two sentences for the course home page and the meta description; `$…$` is typeset. */
      summary: nonEmpty.max(320, 'summary should be one or two sentences (at most 320 characters)'),
      /** What a reader can do after the lesson, each an action ("Derive…", "Predict…"); `$…$` is typeset. */
      objectives: z.array(nonEmpty).nonempty('list at least one learning objective'),
      /**
       * What to know first, in two lists: `lessons` holds ids of earlier lessons (linked, and
       * checked to exist and to come earlier); `knowledge` holds prior knowledge in plain
       * language ("Solving a linear first-order ODE", `$…$` typeset). Either may be empty.
       */
      prerequisites: z
        .object({
          lessons: z.array(nonEmpty).default([]),
          knowledge: z.array(nonEmpty).default([]),
        })
        .strict()
        .default({ lessons: [], knowledge: [] }),
      /** A draft is built by `astro dev` only; production builds leave it out entirely. */
      draft: z.boolean().default(false),
    })
    .strict(),
});

export const collections = { lessons };
