import { PlannedScreen } from '../../ui/planned-screen.js';

export function ModelsScreen() {
  return (
    <PlannedScreen icon="models" title="Models" step="Step 1 of the loop">
      Local GGUF files and remote endpoints (OpenAI-compatible servers, Anthropic, Google), each testable with one click. API keys stay in the backend; this screen only ever sees their names.
    </PlannedScreen>
  );
}
