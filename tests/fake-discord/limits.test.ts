// Unit checks of the limit validators the fake applies to what the bot sends.

import { describe, expect, it } from 'vitest';
import { checkAutocomplete, checkCommands, checkMessagePayload, invalidFormBody } from './limits.ts';
import { mentionProblem } from './server.ts';

const fields = (problems: Array<{ field: string }>) => problems.map((p) => p.field);
const button = (id: string, label = 'ok') => ({ type: 2, style: 1, custom_id: id, label });

describe('message payload limits', () => {
  it('accepts a message right at the limits', () => {
    expect(
      checkMessagePayload({
        content: 'ق'.repeat(2000),
        embeds: [
          {
            title: 't'.repeat(256),
            description: 'd'.repeat(4096),
            fields: [{ name: 'n'.repeat(256), value: 'v'.repeat(1024) }],
            footer: { text: 'f'.repeat(100) },
            author: { name: 'a'.repeat(256) },
            url: 'https://example.org/article',
          },
        ],
        components: [{ type: 1, components: [1, 2, 3, 4, 5].map((i) => button(`b${i}`, 'l'.repeat(80))) }],
      }),
    ).toEqual([]);
  });

  it('reports each broken embed limit with its path', () => {
    const problems = checkMessagePayload({
      content: 'x'.repeat(2001),
      embeds: [
        {
          title: 't'.repeat(257),
          description: 'd'.repeat(4097),
          fields: [
            { name: 'n'.repeat(257), value: 'v' },
            { name: 'n', value: 'v'.repeat(1025) },
            { name: 'n', value: '' },
          ],
          footer: { text: 'f'.repeat(2049) },
          author: { name: 'a'.repeat(257) },
          url: 'not a url',
        },
      ],
    });
    expect(fields(problems)).toEqual(
      expect.arrayContaining([
        'content',
        'embeds[0].title',
        'embeds[0].description',
        'embeds[0].url',
        'embeds[0].footer.text',
        'embeds[0].author.name',
        'embeds[0].fields[0].name',
        'embeds[0].fields[1].value',
        'embeds[0].fields[2].value',
      ]),
    );
  });

  it('counts 6,000 characters across all embeds, at most 10 embeds and 25 fields', () => {
    const big = { description: 'd'.repeat(3001) };
    expect(checkMessagePayload({ embeds: [big, big] }).map((p) => p.rule)).toEqual(['total_embed_chars']);
    expect(checkMessagePayload({ embeds: Array.from({ length: 11 }, () => ({ title: 't' })) }).map((p) => p.field)).toEqual(['embeds']);
    const many = { fields: Array.from({ length: 26 }, () => ({ name: 'n', value: 'v' })) };
    expect(fields(checkMessagePayload({ embeds: [many] }))).toEqual(['embeds[0].fields']);
  });

  it('checks components: rows, buttons per row, custom_id, label, duplicates, link buttons', () => {
    const row = { type: 1, components: [button('a')] };
    expect(
      fields(checkMessagePayload({ components: Array.from({ length: 6 }, (_, i) => ({ type: 1, components: [button(`r${i}`)] })) })),
    ).toEqual(['components']);
    expect(fields(checkMessagePayload({ components: [{ type: 1, components: [1, 2, 3, 4, 5, 6].map((i) => button(`b${i}`)) }] }))).toEqual([
      'components[0].components',
    ]);
    expect(fields(checkMessagePayload({ components: [{ type: 1, components: [button('c'.repeat(101), 'l'.repeat(81))] }] }))).toEqual([
      'components[0].components[0].custom_id',
      'components[0].components[0].label',
    ]);
    expect(checkMessagePayload({ components: [row, row] }).map((p) => p.rule)).toEqual(['duplicate_custom_id']);
    expect(
      checkMessagePayload({ components: [{ type: 1, components: [{ type: 2, style: 5, label: 'src', url: 'https://example.org' }] }] }),
    ).toEqual([]);
    expect(checkMessagePayload({ components: [button('loose')] }).map((p) => p.rule)).toEqual(['top_level_action_row']);
  });

  it('requires something in a new message, and flags contradictory allowed_mentions', () => {
    expect(checkMessagePayload({ content: '  ' }, { requireNonEmpty: true }).map((p) => p.code)).toEqual(['50006']);
    expect(checkMessagePayload({ content: 'hi', allowed_mentions: { parse: ['users'], users: ['1'] } }).map((p) => p.rule)).toEqual([
      'mutually_exclusive',
    ]);
  });

  it('builds Discord-shaped 50035 errors', () => {
    const body = invalidFormBody(checkMessagePayload({ embeds: [{ title: 't'.repeat(300) }] }));
    expect(body.code).toBe(50035);
    expect(body.errors).toEqual({ embeds: { '0': { title: { _errors: [expect.objectContaining({ code: 'BASE_TYPE_MAX_LENGTH' })] } } } });
  });
});

describe('autocomplete and command limits', () => {
  it('autocomplete: at most 25 choices, names and values 1–100 chars', () => {
    const ok = Array.from({ length: 25 }, (_, i) => ({ name: `n${i}`, value: `v${i}` }));
    expect(checkAutocomplete({ choices: ok })).toEqual([]);
    expect(fields(checkAutocomplete({ choices: [...ok, { name: 'x', value: 'y' }] }))).toEqual(['data.choices']);
    expect(
      fields(
        checkAutocomplete({
          choices: [
            { name: 'ن'.repeat(101), value: 'v'.repeat(101) },
            { name: '', value: 'v' },
          ],
        }),
      ),
    ).toEqual(['data.choices[0].name', 'data.choices[0].value', 'data.choices[1].name']);
  });

  it('commands: Arabic names are fine, but there is no Arabic locale; required options first', () => {
    const ask = {
      name: 'اسأل',
      description: 'اسأل عن الأخبار',
      options: [{ name: 'question', description: 'q', type: 3, required: true }],
    };
    expect(checkCommands([ask])).toEqual([]);
    const withAr = { ...ask, name: 'ask', name_localizations: { ar: 'اسأل' }, description_localizations: { 'en-GB': 'd' } };
    expect(checkCommands([withAr]).map((p) => p.rule)).toEqual(['invalid_locale']);
    const badOrder = {
      name: 'ask',
      description: 'd',
      options: [
        { name: 'a', description: 'd', type: 3 },
        { name: 'b', description: 'd', type: 3, required: true },
      ],
    };
    expect(checkCommands([badOrder]).map((p) => p.rule)).toEqual(['required_first']);
    expect(checkCommands([{ name: 'Ask', description: 'd' }]).map((p) => p.rule)).toEqual(['name_lowercase']);
    expect(checkCommands([{ name: 'ask', description: 'd'.repeat(101) }]).map((p) => p.field)).toEqual(['[0].description']);
  });
});

describe('allowed_mentions check', () => {
  it('accepts only mention settings that ping nobody', () => {
    expect(mentionProblem({ parse: [] })).toBeNull();
    expect(mentionProblem({ parse: [], replied_user: false })).toBeNull();
    expect(mentionProblem({ users: [], roles: [] })).toBeNull();
    expect(mentionProblem(undefined)).toMatch(/missing/);
    expect(mentionProblem({ parse: ['users'] })).toMatch(/parse/);
    expect(mentionProblem({ parse: [], users: ['1'] })).toMatch(/users/);
    expect(mentionProblem({ parse: [], replied_user: true })).toMatch(/replied_user/);
  });
});
