import { useEffect, useRef, useState } from 'react';
import type { DatasetDetail, DatasetSummary, DatasetVersion } from '../../../shared/contract/datasets.js';
import { describeError } from '../../lib/describe-error.js';
import { useApi } from '../../transport/index.js';

/** One dataset with its versions, for the version picker. */
export function useDatasetDetail(datasetId: string): { detail: DatasetDetail | undefined; error: string | undefined } {
  const api = useApi();
  const [detail, setDetail] = useState<DatasetDetail>();
  const [error, setError] = useState<string>();
  const request = useRef(0);

  useEffect(() => {
    const id = ++request.current;
    setDetail(undefined);
    setError(undefined);
    if (!datasetId) return;
    api.datasets.get({ id: datasetId }).then(
      (result) => {
        if (id === request.current) setDetail(result);
      },
      (reason: unknown) => {
        if (id === request.current) setError(describeError(reason));
      },
    );
  }, [api, datasetId]);

  return { detail, error };
}

export interface LocatedVersion {
  datasetId: string;
  datasetName: string;
  version: DatasetVersion;
}

/**
 * Which dataset a version id belongs to. The contract has no lookup by version id, so the newest
 * versions are checked first (the common case), then each dataset's history.
 */
export function useLocatedVersion(versionId: string, datasets: readonly DatasetSummary[] | undefined): LocatedVersion | null | undefined {
  const api = useApi();
  const [found, setFound] = useState<LocatedVersion | null>();
  const request = useRef(0);
  const ids = datasets?.map((dataset) => dataset.id).join(',');

  useEffect(() => {
    const id = ++request.current;
    if (!datasets) return;
    const latest = datasets.find((dataset) => dataset.latest.id === versionId);
    if (latest) {
      setFound({ datasetId: latest.id, datasetName: latest.name, version: latest.latest });
      return;
    }
    void (async () => {
      for (const dataset of datasets) {
        if (dataset.versionCount < 2) continue;
        try {
          const detail = await api.datasets.get({ id: dataset.id });
          if (id !== request.current) return;
          const version = detail.versions.find((candidate) => candidate.id === versionId);
          if (version) {
            setFound({ datasetId: dataset.id, datasetName: dataset.name, version });
            return;
          }
        } catch {
          // A dataset that cannot be read is not the one.
        }
      }
      if (id === request.current) setFound(null);
    })();
    // `ids` stands for the list: the same datasets in a new array need no new search.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, versionId, ids]);

  return found;
}
