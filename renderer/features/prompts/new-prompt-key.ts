/** The route and draft key of a prompt that is being written but not created yet. */
export const newPromptKey = 'new';
