// Invented: Inspector Classic's clients in JavaScript (v3 and v2). Each call of
// an operation only Inspector Classic had fails since AWS revoked its APIs.
import { InspectorClient, ListAssessmentRunsCommand } from "@aws-sdk/client-inspector";
import * as AWS from "aws-sdk";

const client = new InspectorClient({ region: "us-east-1" });
export const runs = client.send(new ListAssessmentRunsCommand({})); // want GDL005
const v2 = new AWS.Inspector();
export const findings = v2.describeFindings({ findingArns: [] }).promise(); // want GDL005
// v2.startAssessmentRun(...) in a comment is not a call.
// listFindings is shared with inspector2 and is not read:
export const listed = v2.listFindings({}).promise();
