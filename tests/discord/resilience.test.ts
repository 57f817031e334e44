// Rate limits (ours and Discord's), a gateway drop with RESUME, bad input, and the acknowledgement
// deadline while the engine is busy.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { answerEditOf, callbackOf, question, startHarness, type Harness } from './harness.ts';
import { visibleText } from './rendered-text.ts';

const SEED = 'في أي مدينة اجتمع رؤساء أركان جيوش تركيا وروسيا والولايات المتحدة؟';
const EPHEMERAL = 64;
const RATE_LIMIT = 3;
/** Bounds a wait that would otherwise hang; never what a test asserts. */
const SAFETY_MS = 30_000;

/** A promise the test resolves: the engine's slow work, held until the test lets it go. */
function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

let h: Harness;
let nextUser = 200000000000000000n;
const freshUser = () => String(nextUser++);

beforeAll(async () => {
  h = await startHarness({ env: { RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT), MAX_CONCURRENT_QUESTIONS: '2' } });
});

afterAll(async () => {
  if (!h) return;
  expect(h.fake.mentionViolations).toEqual([]);
  expect(h.fake.limitViolations).toEqual([]);
  // Raw interactions are unknown to the fake, so their callbacks are refused; nothing else may be.
  expect(h.fake.rejections.filter((r) => !r.path.includes('/raw-'))).toEqual([]);
  expect(h.rawLogs()).not.toContain(h.config.discord.token);
  await h.stop();
});

async function answered(token: string): Promise<string> {
  await answerEditOf(h.fake, token, 8000);
  return visibleText((h.fake.originalMessage(token)!.embeds[0] as { description: string }).description);
}

describe('rate limits', () => {
  it('tells a user who asks too often, privately, how many seconds to wait; others are not affected', async () => {
    const user = freshUser();
    for (let i = 0; i < RATE_LIMIT; i++) {
      const { token } = await h.fake.sendCommand('ask', question(SEED), { userId: user });
      expect((await callbackOf(h.fake, token)).body.type).toBe(5);
    }
    const { token } = await h.fake.sendCommand('ask', question(SEED), { userId: user, locale: 'en-US' });
    const ack = await callbackOf(h.fake, token);
    expect(ack.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(ack.body.data.content).toMatch(/تمهّل قليلًا.*حاول بعد \d+ (ثانية|ثوانٍ)/);

    const other = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    expect(await answered(other.token)).toContain('أنطاليا');
    const logged = h.logs.filter((l) => l.msg === 'question' && l.status === 'rate_limited');
    expect(logged.length).toBeGreaterThan(0);
    expect(logged[0]!.user).toMatch(/^[0-9a-f]{64}$/);
  });

  it('retries a 429 from Discord on the answer edit and on the acknowledgement', async () => {
    h.fake.failNextRequests((method, path) => method === 'PATCH' && path.startsWith('/webhooks/'), 1, 0.3);
    const edited = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    expect(await answered(edited.token)).toContain('أنطاليا');
    expect(h.fake.messagesFor(edited.token).map((r) => `${r.method} ${r.status}`)).toEqual(['POST 204', 'PATCH 429', 'PATCH 200']);

    h.fake.failNextRequests((method, path) => method === 'POST' && path.endsWith('/callback'), 1, 0.3);
    const acked = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    expect(await answered(acked.token)).toContain('أنطاليا');
    const calls = h.fake.messagesFor(acked.token);
    expect(calls.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 429', 'POST 204', 'PATCH 200']);
  });
});

describe('gateway', () => {
  it('resumes after a close with 4000 and answers questions, including one sent while it was away', async () => {
    const identifies = h.fake.identifyCount;
    h.fake.closeGatewayWith(4000);
    const duringOutage = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    await h.fake.waitFor(() => h.fake.resumeCount >= 1 && h.fake.connected, 10_000, 'RESUME');
    expect(h.fake.identifyCount).toBe(identifies);
    expect(await answered(duringOutage.token)).toContain('أنطاليا');
    const after = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    expect(await answered(after.token)).toContain('أنطاليا');
  });
});

describe('bad input', () => {
  /** A complete INTERACTION_CREATE as Discord would send it, for commands the fake would refuse to send. */
  function rawCommand(name: string, options: unknown[]): string {
    const token = `raw-${name}-${Date.now()}`;
    h.fake.sendRaw('INTERACTION_CREATE', {
      id: String(300000000000000000n + BigInt(Date.now())),
      application_id: h.fake.appId,
      type: 2,
      data: { id: '1', name, type: 1, options },
      guild_id: h.fake.guildId,
      channel_id: h.fake.channelIds[0],
      channel: { id: h.fake.channelIds[0], type: 0, guild_id: h.fake.guildId },
      member: {
        user: { id: freshUser(), username: 'raw', discriminator: '0', global_name: null, avatar: null },
        roles: [],
        joined_at: new Date().toISOString(),
        deaf: false,
        mute: false,
        flags: 0,
        permissions: '0',
      },
      token,
      version: 1,
      locale: 'en-US',
      guild_locale: 'en-US',
      entitlements: [],
      authorizing_integration_owners: { '0': h.fake.guildId },
      app_permissions: '0',
      context: 0,
    });
    return token;
  }

  it('answers an unknown command, an option of the wrong type and an unknown button with a clear private message', async () => {
    // The fake has no state for raw interactions, so their callbacks are answered 404: look at what the bot sent.
    const sentBody = (token: string) =>
      h.fake.waitForRequest((r) => r.method === 'POST' && r.path.includes(token) && r.path.endsWith('/callback')).then((r) => r.body);
    const unknown = rawCommand('nope', []);
    expect(await sentBody(unknown)).toMatchObject({ type: 4, data: { flags: EPHEMERAL, content: expect.stringContaining('/help') } });
    const wrongType = rawCommand('ask', [{ name: 'question', type: 3, value: 42 }]);
    expect(await sentBody(wrongType)).toMatchObject({
      type: 4,
      data: { flags: EPHEMERAL, content: expect.stringContaining('لم أفهم خيارات الأمر') },
    });

    const { token } = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    await answered(token);
    const click = await h.fake.sendButton('something:else', h.fake.originalMessage(token)!.id);
    expect((await callbackOf(h.fake, click.token)).body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
  });

  it('a handler failure is logged and the user gets an apology, and the next question works', async () => {
    const engine = h.bot.context.engine();
    const broken = Object.create(engine) as typeof engine;
    broken.ask = () => Promise.reject(new Error('index file vanished'));
    h.bot.swapEngine(broken);
    try {
      const { token } = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
      await answerEditOf(h.fake, token);
      expect(h.fake.originalMessage(token)!.content).toContain('عذرًا، حدث خطأ');
      expect(h.fake.originalMessage(token)!.embeds).toEqual([]);
      expect(h.logs.some((l) => l.msg === 'question failed' && (l.err as { message?: string })?.message === 'index file vanished')).toBe(
        true,
      );
    } finally {
      h.bot.swapEngine(engine);
    }
    const next = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    expect(await answered(next.token)).toContain('أنطاليا');
  });
});

describe('acknowledgement under load', () => {
  it('acknowledges each of 10 concurrent questions before the engine answers any, and asks it only 2 at a time', async () => {
    // The engine holds every question until the test releases it: acknowledging only after the engine
    // would leave these 10 unacknowledged.
    const engine = h.bot.context.engine();
    const release = gate();
    let running = 0;
    let mostAtOnce = 0;
    const held = Object.create(engine) as typeof engine;
    held.ask = async (...args) => {
      mostAtOnce = Math.max(mostAtOnce, ++running);
      try {
        await release.opened;
        return await engine.ask(...args);
      } finally {
        running--;
      }
    };
    h.bot.swapEngine(held);
    try {
      const sent = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          h.fake.sendCommand('ask', question(i % 2 ? SEED : 'من هو رئيس الأركان الروسي؟'), { userId: freshUser() }),
        ),
      );
      const acks = await Promise.all(sent.map((s) => callbackOf(h.fake, s.token, SAFETY_MS)));
      expect(acks.map((a) => `${a.status} ${a.body.type}`)).toEqual(Array(10).fill('204 5'));
      await h.fake.waitFor(() => running === 2, SAFETY_MS, 'two questions at the engine');
      expect(sent.filter((s) => h.fake.originalMessage(s.token)?.embeds.length)).toEqual([]);
      release.open();
      await Promise.all(sent.map((s) => answerEditOf(h.fake, s.token, SAFETY_MS)));
      expect(mostAtOnce).toBe(2);
      for (const s of sent) expect(h.fake.messagesFor(s.token).map((r) => r.body?.type ?? r.method)).toEqual([5, 'PATCH']);
    } finally {
      release.open();
      h.bot.swapEngine(engine);
    }
  });
});

describe('shutting down', () => {
  it('stop() lets a question in flight finish, turns new ones away politely, then disconnects', async () => {
    const engine = h.bot.context.engine();
    const release = gate();
    let asked = false;
    const held = Object.create(engine) as typeof engine;
    held.ask = async (...args) => {
      asked = true;
      await release.opened;
      return engine.ask(...args);
    };
    h.bot.swapEngine(held);
    const inFlight = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    await callbackOf(h.fake, inFlight.token);
    await h.fake.waitFor(() => asked, SAFETY_MS, 'the question at the engine');
    const stopped = h.bot.stop();
    const late = await h.fake.sendCommand('ask', question(SEED), { userId: freshUser() });
    const refusal = await callbackOf(h.fake, late.token);
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(refusal.body.data.content).toContain('أُعيد تشغيلي');
    expect(h.fake.connected).toBe(true);
    release.open();
    await stopped;
    expect(visibleText((h.fake.originalMessage(inFlight.token)!.embeds[0] as { description: string }).description)).toContain('أنطاليا');
    await h.fake.waitFor(() => !h.fake.connected, 5000, 'the bot to disconnect');
  });
});
