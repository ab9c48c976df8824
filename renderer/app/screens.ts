import type { ComponentType } from 'react';
import { CompareScreen } from '../features/compare/compare-screen.js';
import { DatasetsScreen } from '../features/datasets/datasets-screen.js';
import { ExperimentsScreen } from '../features/experiments/experiments-screen.js';
import { ExportScreen } from '../features/export/export-screen.js';
import { HomeScreen } from '../features/home/home-screen.js';
import { LabelScreen } from '../features/label/label-screen.js';
import { LeaderboardScreen } from '../features/leaderboard/leaderboard-screen.js';
import { ModelsScreen } from '../features/models/models-screen.js';
import { MonitorScreen } from '../features/monitor/monitor-screen.js';
import { PromptsScreen } from '../features/prompts/prompts-screen.js';
import type { IconName } from '../ui/icon.js';

export interface ScreenDefinition {
  id: string;
  title: string;
  icon: IconName;
  group: 'Start' | 'Build' | 'Run' | 'Judge' | 'Ship';
  component: ComponentType;
}

/** The navigation, in the order of the loop a user goes through (DESIGN.md). */
export const screens: readonly ScreenDefinition[] = [
  { id: 'home', title: 'Home', icon: 'home', group: 'Start', component: HomeScreen },
  { id: 'models', title: 'Models', icon: 'models', group: 'Build', component: ModelsScreen },
  { id: 'prompts', title: 'Prompts', icon: 'prompts', group: 'Build', component: PromptsScreen },
  { id: 'datasets', title: 'Datasets', icon: 'datasets', group: 'Build', component: DatasetsScreen },
  { id: 'experiments', title: 'Experiments', icon: 'experiments', group: 'Run', component: ExperimentsScreen },
  { id: 'compare', title: 'Compare', icon: 'compare', group: 'Run', component: CompareScreen },
  { id: 'label', title: 'Label', icon: 'label', group: 'Judge', component: LabelScreen },
  { id: 'leaderboard', title: 'Leaderboard', icon: 'leaderboard', group: 'Judge', component: LeaderboardScreen },
  { id: 'export', title: 'Export', icon: 'export', group: 'Ship', component: ExportScreen },
  { id: 'monitor', title: 'Monitor', icon: 'monitor', group: 'Ship', component: MonitorScreen },
];

export const defaultScreen = 'home';

export function findScreen(id: string): ScreenDefinition | undefined {
  return screens.find((screen) => screen.id === id);
}
