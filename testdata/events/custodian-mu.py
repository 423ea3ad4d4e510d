# cloud-custodian/cloud-custodian, c7n/mu.py at c317c2c3c7062c0851099174a6fe362e41b440ba
# (#4388), lines 1039-1055: the hub-finding mode's pattern, built field by field, waited
# for a detail-type Security Hub never sent (#4497). Excerpt, in its class and method.
class CloudWatchEventSource(object):
    def render_event_pattern(self):
        event_type = self.data.get('type')
        payload = {}
        if event_type == 'ec2-instance-state':
            pass
        elif event_type == 'hub-finding':
            payload['source'] = ['aws.securityhub']
            payload['detail-type'] = ['Security Hub Findings']  # want GDL005:error "no detail-type Security Hub sends"
        elif event_type == 'hub-action':
            payload['source'] = ['aws.securityhub']
            payload['detail-type'] = [
                'Security Hub Findings - Custom Action',
                'Security Hub Insight Results']
        elif event_type == 'periodic':
            pass
        else:
            raise ValueError(
                "Unknown lambda event source type: %s" % event_type)
        if not payload:
            return None
        return json.dumps(payload)

