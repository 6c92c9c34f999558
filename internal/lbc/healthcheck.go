package lbc

import (
	"fmt"
	"strconv"
	"strings"
)

// Health checks: what the controller gives a target group that leaves a
// setting out, and what AWS takes.

const (
	albHealthChecks = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html"
	nlbHealthChecks = "https://docs.aws.amazon.com/elasticloadbalancing/latest/network/target-group-health-checks.html"
	matcherAPI      = "https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_Matcher.html"
)

// HealthCheckTiming is the interval and timeout of a health check, in
// seconds.
type HealthCheckTiming struct {
	Interval, Timeout int32
}

// DefaultHealthCheckTiming is what the controller writes for a health check
// that leaves its interval or timeout out, whatever AWS's own default:
// 15 s and 5 s for an Application Load Balancer target group
// (pkg/ingress/model_build_target_group.go), 10 s and 10 s for a Network
// Load Balancer's (pkg/service/model_build_target_group.go), whatever the
// health check's protocol.
var DefaultHealthCheckTiming = map[Kind]HealthCheckTiming{
	ALB: {Interval: 15, Timeout: 5},
	NLB: {Interval: 10, Timeout: 10},
}

// NLBDefaultHealthCheckProtocol is the protocol the controller gives a
// Network Load Balancer's health check that leaves it out: TCP, whatever
// the target group's protocol (pkg/service/model_build_target_group.go). An
// Application Load Balancer's probe takes the target group's own protocol,
// HTTP or HTTPS.
const NLBDefaultHealthCheckProtocol = "TCP"

// RuleHealthCheckProtocol is the rule CheckHealthCheckProbe states.
var RuleHealthCheckProtocol = Rule{
	Fields: []string{"spec.targetGroups[].healthCheck.path", "spec.targetGroups[].healthCheck.successCodes"},
	Says: "needs, on L4, protocol HTTP or HTTPS: with protocol left out the AWS Load Balancer Controller probes an NLB's targets over " +
		NLBDefaultHealthCheckProtocol + ", which has no path or success codes, and drops them (" + nlbHealthChecks + ")",
}

// CheckHealthCheckProbe refuses a path or success codes (what, such as
// "path") on a health check whose protocol, left out or not, is TCP: the
// controller would build the probe without them.
func CheckHealthCheckProbe(kind Kind, protocol, what string) error {
	if protocol != "" || kind != NLB {
		return nil
	}
	return fmt.Errorf("protocol is left out, and the AWS Load Balancer Controller then probes a Network Load Balancer's targets over %s, which has no %s: "+
		"it would drop it; set protocol: HTTP or HTTPS", NLBDefaultHealthCheckProtocol, what)
}

// RuleHealthCheckTimeout is the rule CheckHealthCheckTiming states.
var RuleHealthCheckTimeout = Rule{
	Fields: []string{"spec.targetGroups[].healthCheck.timeoutSeconds", "spec.targetGroups[].healthCheck.intervalSeconds"},
	Says: fmt.Sprintf("the timeout is less than the interval on L7, and at most the interval on L4, AWS refusing the health check otherwise (%s, %s); "+
		"one left out is the AWS Load Balancer Controller's default: interval %d s and timeout %d s on L7, %d s and %d s on L4",
		albHealthChecks, nlbHealthChecks, DefaultHealthCheckTiming[ALB].Interval, DefaultHealthCheckTiming[ALB].Timeout,
		DefaultHealthCheckTiming[NLB].Interval, DefaultHealthCheckTiming[NLB].Timeout),
}

// CheckHealthCheckTiming refuses an interval and timeout AWS refuses
// together, each 0 when left out (the controller's default then): an
// Application Load Balancer takes a timeout less than the interval ("Health
// check interval must be greater than the timeout"), a Network Load Balancer
// one no longer than the interval. It says which of the two to blame: the one
// given, or the timeout when both are.
func CheckHealthCheckTiming(kind Kind, interval, timeout int32) (blameTimeout bool, err error) {
	d := DefaultHealthCheckTiming[kind]
	i, t := interval, timeout
	if i == 0 {
		i = d.Interval
	}
	if t == 0 {
		t = d.Timeout
	}
	ok := t < i
	relation := "less than"
	if kind == NLB {
		ok, relation = t <= i, "at most"
	}
	if ok {
		return false, nil
	}
	blameTimeout = timeout != 0
	switch {
	case interval == 0:
		return blameTimeout, fmt.Errorf("the timeout %d s must be %s the interval, which is left out and so the AWS Load Balancer Controller's default for a%s %s, %d s; lower the timeout or set intervalSeconds", t, relation, article(kind), kind, i)
	case timeout == 0:
		return blameTimeout, fmt.Errorf("the interval %d s must be more than the timeout, which is left out and so the AWS Load Balancer Controller's default for a%s %s, %d s; raise the interval or set timeoutSeconds", i, article(kind), kind, t)
	}
	return blameTimeout, fmt.Errorf("the timeout %d s must be %s the interval %d s on a%s %s", t, relation, i, article(kind), kind)
}

// RuleSuccessCodes is the rule CheckSuccessCodes states.
var RuleSuccessCodes = Rule{
	Fields: []string{"spec.targetGroups[].healthCheck.successCodes"},
	Says: "codes and ranges (low-high, low first) that AWS takes: HTTP codes 200 to 499 on L7, 200 to 599 on L4, and gRPC codes 0 to 99 " +
		"for a target group with backendProtocolVersion GRPC (" + matcherAPI + ")",
}

// SuccessCodeRange is the codes a health check takes as healthy.
type SuccessCodeRange struct {
	// What names them, for messages.
	What     string
	Min, Max int
}

// SuccessCodeRanges are the codes each kind of health check takes: "For
// Application Load Balancers, you can specify values between 200 and 499",
// "For Network Load Balancers, you can specify values between 200 and 599",
// and for gRPC "values between 0 and 99" (Matcher). The controller writes
// the success-codes annotation of a GRPC target group as its gRPC codes.
var SuccessCodeRanges = map[string]SuccessCodeRange{
	"ALB":  {"HTTP codes of an Application Load Balancer health check", 200, 499},
	"NLB":  {"HTTP codes of a Network Load Balancer health check", 200, 599},
	"GRPC": {"gRPC codes of a GRPC target group's health check", 0, 99},
}

// CheckSuccessCodes refuses success codes AWS does not take for the kind
// of health check (a key of SuccessCodeRanges): a list of codes and ranges
// ("200,202", "200-299"), each code within the kind's range, a range's low
// end first.
func CheckSuccessCodes(kind, codes string) error {
	r := SuccessCodeRanges[kind]
	for _, part := range strings.Split(codes, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		if !isRange {
			hi = lo
		}
		a, errA := strconv.Atoi(lo)
		b, errB := strconv.Atoi(hi)
		switch {
		case errA != nil || errB != nil || strings.Contains(hi, "-"):
			return fmt.Errorf("%q is not a code or a range of codes such as 200-299", part)
		case a < r.Min || a > r.Max || b < r.Min || b > r.Max:
			return fmt.Errorf("%q is outside %d-%d, the %s AWS takes (%s)", part, r.Min, r.Max, r.What, matcherAPI)
		case a > b:
			return fmt.Errorf("the range %q ends below where it starts; write it low-high", part)
		}
	}
	return nil
}
