import { describe, expect, it } from 'vitest';
import { analyze, type Term } from '../../src/arabic/index.ts';
import { answerHighlight } from '../../src/answering/highlight.ts';

/**
 * The mark answerHighlight puts on a whole sentence (real sentences from Arabic Wikipedia, as in
 * ARCD), with the question's words matched as the answer step matches them: same stem, or one
 * stem the other with a short suffix.
 */
function mark(question: string, sentence: string): string | null {
  const asked = analyze(question).map((t) => t.term);
  const related = (a: string, b: string) => {
    const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
    return shorter === longer || (shorter.length >= 3 && longer.startsWith(shorter) && longer.length - shorter.length <= 2);
  };
  const isQuestionWord = (t: Term) => asked.some((q) => related(q, t.term));
  const span = answerHighlight(question, sentence, { start: 0, end: sentence.length }, analyze(sentence), isQuestionWord);
  return span && sentence.slice(span.start, span.end);
}

describe('answerHighlight: where', () => {
  it('marks the phrase after the word asked about (the verb "تقع"), not what follows the subject', () => {
    const sentence = 'مِصرَ أو (رسمياً: جُمهورِيّةُ مِصرَ العَرَبيّةِ) هي دولة عربية تقع في الركن الشمالي الشرقي من قارة أفريقيا، ولديها امتداد آسيوي.';
    expect(mark('أين تقع مصر؟', sentence)).toContain('الركن الشمالي');
  });

  it("follows the whole group of the question's words: the place the 2006 cup was held, not the other one", () => {
    const sentence =
      'وهي النسخة الأولى من بطولات كأس العالم التي أقيمت في أوروبا الشرقية، وكذلك هي المرة الأولى التي تستضيف بها القارة الأوروبية منافسات البطولة بعد بطولة كأس العالم 2006 والتي أقيمت في ألمانيا.';
    expect(mark('أين أقيمت بطولة كأس العالم 2006؟', sentence)).toBe('ألمانيا');
  });

  it('marks the place after "ولد" in a sentence that opens with the full name', () => {
    const sentence = 'ابن خلدون هو عبد الرحمن بن محمد، ابن خلدون أبو زيد، ولي الدين الحضرمي الإشبيلي (1332 - 1406م)، ولد في تونس وشب فيها.';
    expect(mark('أين ولد ابن خلدون؟', sentence)).toContain('تونس');
  });
});

describe('answerHighlight: what / who is X', () => {
  it('passes over a parenthesised aside and marks what follows "هو" ("X هو Y")', () => {
    const sentence = 'السرطان (بالإنجليزية: Cancer) هو مجموعة من الأمراض التي تتميز خلاياها بالعدائية.';
    expect(mark('ما هو السرطان؟', sentence)).toContain('مجموعة');
  });

  it('does not mark another name after "أو" as what the thing is', () => {
    const sentence = 'صراع العروش أو لعبة العروش (بالإنجليزية: Game of Thrones) هو مسلسل فنتازيا ملحمي من تأليف ديفيد بينيوف ودانيال وايز.';
    expect(mark('ما هو صراع العروش ؟', sentence)).toContain('مسلسل');
  });

  it('for "من هو X", does not mark a gap inside the name (بن توفيق) but what follows it', () => {
    const sentence = 'نزار بن توفيق القباني (1342 - 1419 هـ / 1923 - 1998 م) دبلوماسي وشاعر سوري معاصر، ولد في 21 مارس 1923.';
    expect(mark('من هو نزار القبانى؟', sentence)).toContain('دبلوماسي');
  });

  it('keeps an aside the question asks into ("باليابانية")', () => {
    const sentence = 'المحقق كونان (باليابانية: 名探偵コナン، تُنطق ميه تانتيه كونان) هي سلسلة مانغا للكاتب غوشو أوياما.';
    expect(mark('ما اسم المحقق كونان باليابانية؟', sentence)).toContain('名探偵コナン');
  });

  it('after "التي", the verb says what is asked about: the city that hosted, not the city on a river', () => {
    const sentence = 'وتقع المدينة على نهر موسكفا، واحتضنت العاصمة موسكو مباراة الافتتاح وستستضيف المباراة النهائية كذلك.';
    expect(mark('ما المدينة التي احتضنت مباراة الافتتاح؟', sentence)).toContain('موسكو');
  });

  it('reads a question word written with its clitic or joined to هي (ماهي, بماذا)', () => {
    const sentence = 'المغرب دولة عربية تقع في أقصى غرب شمال أفريقيا عاصمتها الرباط وأكبر مدنها الدار البيضاء.';
    expect(mark('ماهي عاصمة المغرب؟', sentence)).toContain('الرباط');
  });
});

describe('answerHighlight: numbers and what gets no mark', () => {
  it('for "when", marks the first date after the event asked about, not an earlier one', () => {
    const sentence =
      'الحرب العالمية الأولى، وتسمى أيضاً الحرب العُظمى، كانت حرب عالمية نشبت بدايةً في أوروبا من 28 يوليو 1914 وانتهت في 11 نوفمبر 1918.';
    expect(mark('متى انتهت الحرب العالمية الأولى؟', sentence)).toBe('11 نوفمبر 1918');
    expect(mark('في أي عام انتهت الحرب العالمية الأولى؟', sentence)).toBe('11 نوفمبر 1918');
    expect(mark('متى نشبت الحرب العالمية الأولى؟', sentence)).toBe('28 يوليو 1914');
  });

  it('for "كم + noun", marks the number right before that noun, not a nearer or later one', () => {
    const india = 'على الصعيد الإداري تعد الهند جمهورية فيدرالية، تتألف من 28 ولاية وسبعة أقاليم اتحادية مع وجود نظام برلماني ديموقراطي.';
    expect(mark('كم ولاية فى الهند؟', india)).toBe('28 ولاية');
    const azerbaijan = 'تمتلك أذربيجان علاقات دبلوماسية مع 158 دولة حتى الآن وتحمل عضوية 38 منظمة دولية.';
    expect(mark('كم دولة تمتلك علاقات دبلوماسية مع اذربيجان؟', azerbaijan)).toBe('158 دولة');
  });

  it('a "what is the fee" question asks for a quantity: the number with its noun', () => {
    const sentence = 'حينها أحيت ليلة الإسراء والمعراج بقصر عز الدين يكن باشا وتلقت أم كلثوم 3 جنيهات أجراً لها.';
    expect(mark('ما هو أجر أم كلثوم حين أحيت ليلة الإسراء والمعراج؟', sentence)).toBe('3 جنيهات');
  });

  it('why and how questions get no mark, even with a later "من" (a preposition there)', () => {
    const sentence = 'تعد معركة اليرموك من أهم معارك العالم لأنها كانت بداية أول موجة انتصارات للمسلمين خارج جزيرة العرب.';
    expect(mark('لماذا يعتبر بعض المؤرخين معركة اليرموك من أهم معارك العالم؟', sentence)).toBeNull();
    expect(mark('كيف انتهت معركة اليرموك؟', sentence)).toBeNull();
  });
});
