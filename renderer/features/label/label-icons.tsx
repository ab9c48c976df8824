import type { ReactNode } from 'react';

/** Line icons the Label screen needs, drawn like renderer/ui/icon.tsx (that file belongs to every screen). */
function LineIcon({ size, children, className }: { size: number; children: ReactNode; className?: string }) {
  return (
    <svg
      className={className}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const FlagIcon = ({ size = 14 }: { size?: number }) => (
  <LineIcon size={size}>
    <path d="M5 21V4M5 4h11l-2 4 2 4H5" />
  </LineIcon>
);

export const UndoIcon = ({ size = 14 }: { size?: number }) => (
  <LineIcon size={size}>
    <path d="M9 14L4 9l5-5" />
    <path d="M4 9h10a6 6 0 0 1 0 12h-3" />
  </LineIcon>
);

export const SkipIcon = ({ size = 14 }: { size?: number }) => (
  <LineIcon size={size}>
    <path d="M5 5l8 7-8 7zM17 5v14" />
  </LineIcon>
);

export const GripIcon = ({ size = 14 }: { size?: number }) => (
  <LineIcon size={size}>
    <path d="M9 6h.01M9 12h.01M9 18h.01M15 6h.01M15 12h.01M15 18h.01" />
  </LineIcon>
);

export const ChevronIcon = ({ size = 12, open }: { size?: number; open: boolean }) => (
  <LineIcon size={size} className={open ? 'lb-chevron lb-chevron-open' : 'lb-chevron'}>
    <path d="M9 6l6 6-6 6" />
  </LineIcon>
);

export const ReviewIcon = ({ size = 14 }: { size?: number }) => (
  <LineIcon size={size}>
    <path d="M4 5h16M4 10h10M4 15h7" />
    <circle cx="17" cy="16" r="3" />
    <path d="M19.2 18.2L21 20" />
  </LineIcon>
);
