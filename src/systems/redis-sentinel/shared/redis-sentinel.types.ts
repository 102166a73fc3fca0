/** A message of Sentinel's pub/sub (`+sdown`, `+switch-master`, `+tilt`...) on a sentinel: a run event. */
export interface SentinelEventBody {
  kind: 'sentinel-event';
  sentinel: string;
  channel: string;
  message: string;
}
