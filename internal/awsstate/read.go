package awsstate

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	elbv2types "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2/types"
	"github.com/aws/smithy-go"
	"k8s.io/apimachinery/pkg/types"
)

// ELBv2 is the part of the Elastic Load Balancing v2 API that lbo calls:
// Describe calls only (config/aws/reader-iam-policy.json allows no more).
// *elasticloadbalancingv2.Client implements it.
type ELBv2 interface {
	DescribeLoadBalancers(context.Context, *elbv2.DescribeLoadBalancersInput, ...func(*elbv2.Options)) (*elbv2.DescribeLoadBalancersOutput, error)
	DescribeTags(context.Context, *elbv2.DescribeTagsInput, ...func(*elbv2.Options)) (*elbv2.DescribeTagsOutput, error)
	DescribeListeners(context.Context, *elbv2.DescribeListenersInput, ...func(*elbv2.Options)) (*elbv2.DescribeListenersOutput, error)
	DescribeTargetGroups(context.Context, *elbv2.DescribeTargetGroupsInput, ...func(*elbv2.Options)) (*elbv2.DescribeTargetGroupsOutput, error)
	DescribeTargetHealth(context.Context, *elbv2.DescribeTargetHealthInput, ...func(*elbv2.Options)) (*elbv2.DescribeTargetHealthOutput, error)
}

// Tags the AWS Load Balancer Controller puts on what it makes.
const (
	TagCluster      = "elbv2.k8s.aws/cluster"
	TagIngressStack = "ingress.k8s.aws/stack"
	TagServiceStack = "service.k8s.aws/stack"
	TagIngressRes   = "ingress.k8s.aws/resource"
	TagServiceRes   = "service.k8s.aws/resource"
)

// maxTagARNs is how many resources one DescribeTags call takes.
const maxTagARNs = 20

// want is a LoadBalancer to observe: the DNS name its status reports.
type want struct {
	key      types.NamespacedName
	hostname string
}

// reader reads the load balancers of a set of LoadBalancers from AWS.
type reader struct {
	api ELBv2
	// cluster, when set, must be the load balancer's elbv2.k8s.aws/cluster tag.
	cluster string
}

// read observes each wanted LoadBalancer. It returns an error only when no
// observation could be made at all (DescribeLoadBalancers failed, or AWS
// throttled lbo); an error about one load balancer goes into its Message.
func (r *reader) read(ctx context.Context, wants []want) (map[types.NamespacedName]*LoadBalancer, error) {
	byHost := map[string][]want{}
	for _, w := range wants {
		h := normalizeHost(w.hostname)
		byHost[h] = append(byHost[h], w)
	}

	// One paginated scan finds every load balancer by DNS name, however many
	// LoadBalancers there are; it stops once all are found.
	found := map[string]elbv2types.LoadBalancer{}
	pages := elbv2.NewDescribeLoadBalancersPaginator(r.api, &elbv2.DescribeLoadBalancersInput{PageSize: aws.Int32(400)})
	for pages.HasMorePages() && len(found) < len(byHost) {
		page, err := pages.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describing load balancers: %w", err)
		}
		for _, lb := range page.LoadBalancers {
			h := normalizeHost(aws.ToString(lb.DNSName))
			if _, ok := byHost[h]; ok {
				found[h] = lb
			}
		}
	}

	var arns []string
	for _, lb := range found {
		arns = append(arns, aws.ToString(lb.LoadBalancerArn))
	}
	slices.Sort(arns)
	tags, err := r.tags(ctx, arns)
	if err != nil {
		return nil, err
	}

	out := map[types.NamespacedName]*LoadBalancer{}
	for h, ws := range byHost {
		lb, ok := found[h]
		for _, w := range ws {
			o := &LoadBalancer{Hostname: w.hostname}
			out[w.key] = o
			if !ok {
				o.Message = "no load balancer has the DNS name " + w.hostname
				continue
			}
			arn := aws.ToString(lb.LoadBalancerArn)
			if msg := r.confirm(w.key, arn, tags[arn]); msg != "" {
				o.Message = msg
				continue
			}
			o.Found = true
			o.ARN = arn
			o.DNSName = aws.ToString(lb.DNSName)
			o.CanonicalHostedZoneID = aws.ToString(lb.CanonicalHostedZoneId)
			if lb.State != nil {
				o.State = string(lb.State.Code)
				o.StateReason = aws.ToString(lb.State.Reason)
			}
		}
	}

	// The details of each load balancer; they are read once even when two
	// LoadBalancers report the same one.
	details := map[string]*LoadBalancer{}
	for _, key := range sortedKeys(out) {
		o := out[key]
		if !o.Found {
			continue
		}
		d, ok := details[o.ARN]
		if !ok {
			d = &LoadBalancer{}
			if err := r.details(ctx, o.ARN, d); err != nil {
				if IsThrottling(err) {
					return nil, err
				}
				// No half-read details: the poller keeps the last full ones.
				d = &LoadBalancer{Message: APIMessage(err)}
			}
			details[o.ARN] = d
		}
		o.Listeners, o.TargetGroups, o.Message = d.Listeners, d.TargetGroups, d.Message
	}
	return out, nil
}

// confirm checks that the load balancer at a LoadBalancer's DNS name is the
// one the AWS Load Balancer Controller made for it (stack tag namespace/name,
// and the cluster tag when lbo knows its cluster), and says why not.
func (r *reader) confirm(key types.NamespacedName, arn string, tags map[string]string) string {
	stack := key.Namespace + "/" + key.Name
	if tags[TagIngressStack] != stack && tags[TagServiceStack] != stack {
		return fmt.Sprintf("the load balancer %s is not tagged %s or %s = %s by the AWS Load Balancer Controller", arn, TagIngressStack, TagServiceStack, stack)
	}
	if r.cluster != "" && tags[TagCluster] != r.cluster {
		return fmt.Sprintf("the load balancer %s is tagged %s = %q, not this cluster's %q", arn, TagCluster, tags[TagCluster], r.cluster)
	}
	return ""
}

// details reads the listeners and target groups of the load balancer arn
// and the health of each target group's targets.
func (r *reader) details(ctx context.Context, arn string, o *LoadBalancer) error {
	listeners := elbv2.NewDescribeListenersPaginator(r.api, &elbv2.DescribeListenersInput{LoadBalancerArn: aws.String(arn), PageSize: aws.Int32(400)})
	for listeners.HasMorePages() {
		page, err := listeners.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describing the listeners of %s: %w", arn, err)
		}
		for _, l := range page.Listeners {
			o.Listeners = append(o.Listeners, Listener{ARN: aws.ToString(l.ListenerArn), Port: aws.ToInt32(l.Port), Protocol: string(l.Protocol)})
		}
	}
	slices.SortFunc(o.Listeners, func(a, b Listener) int { return cmp.Or(cmp.Compare(a.Port, b.Port), cmp.Compare(a.ARN, b.ARN)) })

	groups := elbv2.NewDescribeTargetGroupsPaginator(r.api, &elbv2.DescribeTargetGroupsInput{LoadBalancerArn: aws.String(arn), PageSize: aws.Int32(400)})
	for groups.HasMorePages() {
		page, err := groups.NextPage(ctx)
		if err != nil {
			return fmt.Errorf("describing the target groups of %s: %w", arn, err)
		}
		for _, tg := range page.TargetGroups {
			o.TargetGroups = append(o.TargetGroups, TargetGroup{
				ARN: aws.ToString(tg.TargetGroupArn), Name: aws.ToString(tg.TargetGroupName),
				Port: aws.ToInt32(tg.Port), Protocol: string(tg.Protocol),
			})
		}
	}
	slices.SortFunc(o.TargetGroups, func(a, b TargetGroup) int { return cmp.Compare(a.ARN, b.ARN) })

	var tgARNs []string
	for _, tg := range o.TargetGroups {
		tgARNs = append(tgARNs, tg.ARN)
	}
	tags, err := r.tags(ctx, tgARNs)
	if err != nil {
		return err
	}
	for i := range o.TargetGroups {
		tg := &o.TargetGroups[i]
		tg.ResourceID = cmp.Or(tags[tg.ARN][TagIngressRes], tags[tg.ARN][TagServiceRes])
		out, err := r.api.DescribeTargetHealth(ctx, &elbv2.DescribeTargetHealthInput{TargetGroupArn: aws.String(tg.ARN)})
		if err != nil {
			return fmt.Errorf("describing the target health of %s: %w", tg.ARN, err)
		}
		tg.Health = countHealth(out.TargetHealthDescriptions)
	}
	return nil
}

// tags reads the tags of resources, 20 to a call.
func (r *reader) tags(ctx context.Context, arns []string) (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for chunk := range slices.Chunk(arns, maxTagARNs) {
		res, err := r.api.DescribeTags(ctx, &elbv2.DescribeTagsInput{ResourceArns: chunk})
		if err != nil {
			return nil, fmt.Errorf("describing tags: %w", err)
		}
		for _, d := range res.TagDescriptions {
			m := map[string]string{}
			for _, t := range d.Tags {
				m[aws.ToString(t.Key)] = aws.ToString(t.Value)
			}
			out[aws.ToString(d.ResourceArn)] = m
		}
	}
	return out, nil
}

// countHealth counts targets by state and collects why they are unhealthy.
func countHealth(ds []elbv2types.TargetHealthDescription) TargetHealth {
	var h TargetHealth
	for _, d := range ds {
		if d.TargetHealth == nil {
			continue
		}
		th := d.TargetHealth
		switch th.State {
		case elbv2types.TargetHealthStateEnumHealthy:
			h.Healthy++
		case elbv2types.TargetHealthStateEnumInitial:
			h.Initial++
		case elbv2types.TargetHealthStateEnumDraining, elbv2types.TargetHealthStateEnumUnhealthyDraining:
			h.Draining++
		case elbv2types.TargetHealthStateEnumUnused:
			h.Unused++
		case elbv2types.TargetHealthStateEnumUnhealthy, elbv2types.TargetHealthStateEnumUnavailable:
			if th.State == elbv2types.TargetHealthStateEnumUnhealthy {
				h.Unhealthy++
			} else {
				h.Unavailable++
			}
			reason := string(th.Reason)
			if desc := aws.ToString(th.Description); desc != "" {
				reason += ": " + desc
			}
			if reason != "" {
				h.UnhealthyReasons = append(h.UnhealthyReasons, reason)
			}
		}
	}
	slices.Sort(h.UnhealthyReasons)
	h.UnhealthyReasons = slices.Compact(h.UnhealthyReasons)
	if len(h.UnhealthyReasons) > maxReasons {
		h.UnhealthyReasons = h.UnhealthyReasons[:maxReasons]
	}
	return h
}

// IsThrottling tells whether err is AWS asking the caller to slow down
// (Throttling, ThrottlingException, RequestLimitExceeded, ...): the codes the
// SDK's retryer treats as throttling.
func IsThrottling(err error) bool {
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	_, ok := retry.DefaultThrottleErrorCodes[apiErr.ErrorCode()]
	return ok
}

// APIMessage is err as a status message: AWS's code and message when it is
// an AWS error, without request IDs (which would make every failure a new
// status and so a write).
func APIMessage(err error) string {
	var apiErr smithy.APIError
	var opErr *smithy.OperationError
	switch {
	case errors.As(err, &apiErr) && errors.As(err, &opErr):
		return fmt.Sprintf("AWS %s: %s: %s", opErr.Operation(), apiErr.ErrorCode(), apiErr.ErrorMessage())
	case errors.As(err, &apiErr):
		return fmt.Sprintf("AWS: %s: %s", apiErr.ErrorCode(), apiErr.ErrorMessage())
	case errors.As(err, &opErr):
		return fmt.Sprintf("AWS %s: %v", opErr.Operation(), opErr.Unwrap())
	default:
		return err.Error()
	}
}

func normalizeHost(h string) string {
	return strings.TrimSuffix(strings.ToLower(h), ".")
}

func sortedKeys[V any](m map[types.NamespacedName]V) []types.NamespacedName {
	keys := make([]types.NamespacedName, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b types.NamespacedName) int { return strings.Compare(a.String(), b.String()) })
	return keys
}
