/** Where the Compare screen is: `#/compare`, `#/compare/<experimentId>`, `#/compare/<experimentId>/<rowId>`. */
export interface CompareLocation {
  experimentId: string | undefined;
  rowId: string | undefined;
}

export function compareLocation(params: readonly string[]): CompareLocation {
  const [experimentId, rowId] = params;
  return { experimentId: experimentId || undefined, rowId: rowId || undefined };
}
