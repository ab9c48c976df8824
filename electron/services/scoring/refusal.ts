/**
 * A refusal, as assistants word one: an apology or an "I can't" near the start, or the stock
 * phrases about policies and being an AI. Checked on the first 400 characters, where refusals are;
 * an answer that later says "I cannot stress enough" is not one.
 */
const patterns: readonly RegExp[] = [
  /\bI(?:'m| am)? (?:sorry|afraid),? (?:but )?I (?:can(?:no|')t|cannot|won'?t|am (?:not able|unable)|'m (?:not able|unable))/i,
  /^\s*(?:I'm sorry|I am sorry|Sorry|Unfortunately|I apologi[sz]e)\b[^.!?\n]{0,80}\b(?:can(?:no|')t|cannot|unable|not able|won'?t)\b/i,
  /^\s*I (?:can(?:no|')t|cannot|won'?t|will not|am unable to|'m unable to|am not able to|'m not able to) (?:help|assist|provide|comply|do that|answer|fulfil|fulfill|create|write|share|generate|support)/i,
  /\bas an AI(?: language model| assistant)?\b[^.!?\n]{0,60}\b(?:can(?:no|')t|cannot|unable|don'?t|do not)\b/i,
  /\b(?:against|violates?) (?:my|our|the) (?:guidelines|policies|policy|content policy|usage policies)\b/i,
  /\bI must (?:decline|refuse)\b/i,
];

export function isRefusal(output: string): boolean {
  const head = output.slice(0, 400);
  return patterns.some((pattern) => pattern.test(head));
}
