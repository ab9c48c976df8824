import { useEffect, useState } from 'react';
import { replaceRoute, useRoute } from '../../app/router.js';
import { CompareView } from './compare-view.js';
import { compareLocation } from './compare-route.js';
import { ExperimentPicker } from './experiment-picker.js';
import './compare.css';

/** Step 5 of the loop: one row's outputs side by side. `#/compare/<experimentId>/<rowId>`. */
export function CompareScreen() {
  const route = useRoute();
  const here = route.screen === 'compare';
  // What was open here stays open while another screen is shown, and when the navigation brings the user back.
  const [params, setParams] = useState<string[]>([]);
  const routeKey = route.params.join('/');
  useEffect(() => {
    if (!here) return;
    if (route.params.length === 0 && params.length > 0) replaceRoute('compare', ...params);
    else setParams(route.params);
    // routeKey stands for route.params.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [here, routeKey]);
  const { experimentId, rowId } = compareLocation(here && route.params.length > 0 ? route.params : params);

  if (!experimentId) return <ExperimentPicker />;
  return <CompareView key={experimentId} experimentId={experimentId} rowId={rowId} active={here} />;
}
