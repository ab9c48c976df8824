import { useCallback, useState } from 'react';
import type { EventPayload } from '../../../shared/contract/index.js';
import { useEvent } from '../../transport/index.js';

export type DownloadProgress = EventPayload<'download.progress'>;

export interface DownloadsState {
  /** Newest first. */
  downloads: DownloadProgress[];
  /** Shows a download at once, before its first progress event arrives. */
  track(downloadId: string, source: string): void;
  dismiss(downloadId: string): void;
}

export const isActiveDownload = (download: DownloadProgress) => download.state === 'downloading' || download.state === 'verifying';

/** Every download the backend reports, from its first progress event until the user dismisses it. */
export function useDownloads(): DownloadsState {
  const [downloads, setDownloads] = useState<DownloadProgress[]>([]);

  useEvent('download.progress', (progress) => {
    setDownloads((current) => {
      const index = current.findIndex((download) => download.downloadId === progress.downloadId);
      if (index === -1) return [progress, ...current];
      return current.map((download, i) => (i === index ? progress : download));
    });
  });

  const track = useCallback((downloadId: string, source: string) => {
    setDownloads((current) =>
      current.some((download) => download.downloadId === downloadId)
        ? current
        : [{ downloadId, source, state: 'downloading', receivedBytes: 0, totalBytes: null, message: null, modelId: null }, ...current],
    );
  }, []);

  const dismiss = useCallback((downloadId: string) => {
    setDownloads((current) => current.filter((download) => download.downloadId !== downloadId));
  }, []);

  return { downloads, track, dismiss };
}
