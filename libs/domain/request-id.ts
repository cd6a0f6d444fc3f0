/**
 * The Temporal header that carries the id of the HTTP request behind a command, from the API into the workflow and on
 * to its activities and children, so their log lines can be found with the request's. Headers are not part of a
 * workflow's commands as replay compares them: adding or dropping this one changes no history.
 */
export const requestIdTemporalHeader = 'tandem-request-id';
