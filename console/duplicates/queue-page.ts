/** Pairs and merges per page (a constant of its own, so templates need not load the merge engine). */
export const QUEUE_PAGE = 50;
