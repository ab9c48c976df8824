import { GeneralChatWrapper, JinjaTemplateChatWrapper, resolveChatWrapper, type ChatWrapper, type LlamaModel } from 'node-llama-cpp';

export class ChatTemplateError extends Error {
  override name = 'ChatTemplateError';
}

/**
 * How a model's chat is formatted: the entry's override, else the template in the file
 * (node-llama-cpp swaps in an equivalent built-in wrapper when one matches it exactly), else
 * a plain general format. node-llama-cpp would guess a family format (e.g. Llama 2's [INST])
 * for a file without a template; such a file is most likely a base model, which never saw one.
 */
export function pickChatWrapper(model: LlamaModel, override: string | undefined): ChatWrapper {
  if (override !== undefined && override.trim() !== '') {
    try {
      return new JinjaTemplateChatWrapper({ template: override, tokenizer: model.tokenizer });
    } catch (error) {
      throw new ChatTemplateError(`The chat template override cannot format a chat: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  const template = model.fileInfo.metadata.tokenizer?.chat_template;
  if (typeof template === 'string' && template.trim() !== '') return resolveChatWrapper(model);
  return new GeneralChatWrapper();
}
