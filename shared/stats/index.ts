/**
 * Statistics for blind judgments: Bradley-Terry ratings with bootstrap intervals and ranks (as
 * Chatbot Arena computes its leaderboard), win matrices, a position-bias test, and agreement
 * between coders. Pure functions on plain data, so they run in the renderer and the backend alike.
 */
export type { Comparison } from './comparisons.js';
export { fitBradleyTerry, type BradleyTerryOptions } from './bradley-terry.js';
export { bootstrapBradleyTerry, ranksFromIntervals, type BootstrapOptions, type RatingInterval } from './bootstrap.js';
export { bootstrapMean } from './bootstrap-mean.js';
export { binomialTwoSidedP, winMatrix, type WinMatrix } from './win-rates.js';
export { cohensKappa, krippendorffAlpha, percentAgreement, type AlphaLevel, type Rating } from './agreement.js';
