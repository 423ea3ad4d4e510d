// The controls a team pages on, in code whose only name for the service is
// its client, securityHub (camel case): the rule reads the service's name
// in any case, and so must the pre-filter (found by review).
import { securityHub } from "./clients";
const watched = ["S3.4"]; // want GDL009
export const hit = (id: string) => watched.includes(id) && securityHub.enabled;
