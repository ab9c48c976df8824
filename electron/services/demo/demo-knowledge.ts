// What the demo workspace is about: twelve questions with one right answer each. The dataset,
// the demo server's models and the simulated annotators all read this one table, so a "correct"
// answer means the same thing everywhere.

export interface DemoQuestion {
  question: string;
  /** The reference answer, as the dataset stores it. */
  answer: string;
  /** Matches an output that gives the right answer. */
  accept: RegExp;
  /** One clause saying why, for models asked to explain. */
  why: string;
  /** A plausible wrong answer, for the model that is sometimes wrong. */
  wrong: string;
  wrongWhy: string;
  topic: 'geography' | 'arithmetic' | 'science' | 'history' | 'literature';
}

export const demoQuestions: readonly DemoQuestion[] = [
  {
    question: 'What is the capital of Australia?',
    answer: 'Canberra',
    accept: /\bcanberra\b/i,
    why: 'it was founded as a compromise between Sydney and Melbourne, the two rival cities',
    wrong: 'Sydney',
    wrongWhy: 'it is the largest and best-known city',
    topic: 'geography',
  },
  {
    question: 'How many minutes are there in a day?',
    answer: '1440',
    accept: /\b1[,.\s]?440\b/,
    why: '24 hours times 60 minutes is 1440',
    wrong: '1240',
    wrongWhy: 'a day has 24 hours of 60 minutes',
    topic: 'arithmetic',
  },
  {
    question: 'What is the chemical symbol for gold?',
    answer: 'Au',
    accept: /\bAu\b/,
    why: 'it comes from aurum, the Latin word for gold',
    wrong: 'Ag',
    wrongWhy: 'it comes from the Latin name of the metal',
    topic: 'science',
  },
  {
    question: 'Which planet is closest to the Sun?',
    answer: 'Mercury',
    accept: /\bmercury\b/i,
    why: 'its orbit is the innermost, at about 58 million km on average',
    wrong: 'Venus',
    wrongWhy: 'it is the hottest planet',
    topic: 'science',
  },
  {
    question: 'What is 15% of 80?',
    answer: '12',
    accept: /\b12\b/,
    why: '0.15 × 80 = 12',
    wrong: '15',
    wrongWhy: '15 out of every 80 is what a percentage means',
    topic: 'arithmetic',
  },
  {
    question: 'Who wrote the novel “Pride and Prejudice”?',
    answer: 'Jane Austen',
    accept: /\baustens?\b/i,
    why: 'she published it in 1813',
    wrong: 'Charlotte Brontë',
    wrongWhy: 'she wrote the best-known English novels of manners',
    topic: 'literature',
  },
  {
    question: 'At what temperature in degrees Celsius does water boil at sea level?',
    answer: '100',
    accept: /\b100\b/,
    why: 'at standard atmospheric pressure the boiling point is 100 °C',
    wrong: '90',
    wrongWhy: 'that is where the vapour pressure reaches the air pressure',
    topic: 'science',
  },
  {
    question: 'How many sides does a hexagon have?',
    answer: '6',
    accept: /\b(6|six)\b/i,
    why: '“hex” is Greek for six',
    wrong: '8',
    wrongWhy: 'the name counts its corners',
    topic: 'arithmetic',
  },
  {
    question: 'In which year did the Berlin Wall fall?',
    answer: '1989',
    accept: /\b1989\b/,
    why: 'the border opened on 9 November 1989',
    wrong: '1991',
    wrongWhy: 'that is when the Cold War ended',
    topic: 'history',
  },
  {
    question: 'What is the largest ocean on Earth?',
    answer: 'The Pacific Ocean',
    accept: /\bpacific\b/i,
    why: 'it covers about a third of the planet’s surface',
    wrong: 'The Atlantic Ocean',
    wrongWhy: 'it spans from the Arctic to the Antarctic',
    topic: 'geography',
  },
  {
    question: 'What is the square root of 144?',
    answer: '12',
    accept: /\b12\b/,
    why: '12 × 12 = 144',
    wrong: '14',
    wrongWhy: '14 is close to a tenth of 144',
    topic: 'arithmetic',
  },
  {
    question: 'Which gas do plants take from the air for photosynthesis?',
    answer: 'Carbon dioxide',
    accept: /\b(carbon dioxide|co2|co₂)\b/i,
    why: 'they turn CO₂ and water into sugar and release oxygen',
    wrong: 'Oxygen',
    wrongWhy: 'plants need it to grow',
    topic: 'science',
  },
];

/** The demo question a text asks (the longest question it contains), if any. */
export function findDemoQuestion(text: string): DemoQuestion | undefined {
  const normalized = normalize(text);
  let found: DemoQuestion | undefined;
  for (const candidate of demoQuestions) {
    if (normalized.includes(normalize(candidate.question)) && (!found || candidate.question.length > found.question.length)) found = candidate;
  }
  return found;
}

/** Whether an answer to this question is right. */
export function isCorrect(question: DemoQuestion, output: string): boolean {
  return question.accept.test(output);
}

function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[“”"'’]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
