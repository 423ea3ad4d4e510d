# cloud-custodian/cloud-custodian, c7n/mu.py at 61123518f20217bb1763ef928aa73f49186b853a
# ("fixes SecurityHub - event name issue #4497"), lines 1040-1056, and the names it
# uses from c7n/policy.py at c317c2c3c7 (lines 694-696). Nothing to report.
class SecurityHub(LambdaMode):
    ActionFinding = 'Security Hub Findings - Custom Action'
    ActionInsight = 'Security Hub Insight Results'
    ImportFinding = 'Security Hub Findings - Imported'


class CloudWatchEventSource(object):
    def render_event_pattern(self):
        event_type = self.data.get('type')
        payload = {}
        if event_type == 'ec2-instance-state':
            pass
        elif event_type == 'hub-finding':
            payload['source'] = ['aws.securityhub']
            payload['detail-type'] = [SecurityHub.ImportFinding]
        elif event_type == 'hub-action':
            payload['source'] = ['aws.securityhub']
            payload['detail-type'] = [
                SecurityHub.ActionFinding,
                SecurityHub.ActionInsight]
        elif event_type == 'periodic':
            pass
        else:
            raise ValueError(
                "Unknown lambda event source type: %s" % event_type)
        if not payload:
            return None
        return json.dumps(payload)

