import { memo } from 'react';
import Markdown, { type Components } from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Model output is untrusted text. react-markdown builds React elements (never innerHTML), and raw
 * HTML in the text is turned into plain text before rendering, so `<script>` or `<img onerror>` is
 * shown as the characters the model wrote and never reaches the DOM as markup. Images never load
 * (no remote fetches, no tracking pixels): they show as their alt text, with the address on hover.
 * Links never navigate: they show where they point.
 */
const components: Components = {
  img: ({ alt, src }) => (
    <span className="md-image" title={typeof src === 'string' ? src : undefined}>
      [image{alt ? `: ${alt}` : ''}]
    </span>
  ),
  a: ({ children, href }) => (
    <span className="md-link" title={href}>
      {children}
    </span>
  ),
};

interface MarkdownNode {
  type: string;
  children?: MarkdownNode[];
}

/** A remark plugin: every raw HTML node (block or inline) becomes a text node with the same characters. */
function htmlAsText() {
  const walk = (node: MarkdownNode): void => {
    if (node.type === 'html') node.type = 'text';
    node.children?.forEach(walk);
  };
  return (tree: MarkdownNode) => walk(tree);
}

const plugins = [remarkGfm, htmlAsText];

/** Markdown rendered safely; `plain` shows the raw text instead (what the model literally wrote). */
export const SafeMarkdown = memo(function SafeMarkdown({ text, plain = false, className }: { text: string; plain?: boolean; className?: string }) {
  if (plain) return <pre className={`md-plain ${className ?? ''}`}>{text}</pre>;
  return (
    <div className={`md ${className ?? ''}`}>
      <Markdown remarkPlugins={plugins} components={components}>
        {text}
      </Markdown>
    </div>
  );
});
