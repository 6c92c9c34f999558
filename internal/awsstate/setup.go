package awsstate

import (
	"context"
	"fmt"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	elbv2 "github.com/aws/aws-sdk-go-v2/service/elasticloadbalancingv2"
	"github.com/aws/smithy-go/logging"
	"github.com/go-logr/logr"
	"sigs.k8s.io/controller-runtime/pkg/manager"
)

// Modes of the reader.
const (
	// ModeAuto turns the reader on when the SDK's default chain finds
	// credentials and a region (IRSA, Pod Identity, environment, profile).
	ModeAuto = "auto"
	// ModeOff never calls AWS.
	ModeOff = "off"
)

// Options configure the reader.
type Options struct {
	// Mode is ModeAuto or ModeOff.
	Mode string
	// EndpointURL, when set, replaces the ELBv2 endpoint (LocalStack, tests).
	// The SDK's AWS_ENDPOINT_URL variables work as well.
	EndpointURL string
	// Cluster, when set, is the EKS cluster's name (see Poller.Cluster).
	Cluster string
	// Interval between polls; zero means DefaultInterval.
	Interval time.Duration
	// MaxBackoff bounds the wait after a throttled poll; zero means
	// DefaultMaxBackoff.
	MaxBackoff time.Duration
	// RetryMaxBackoff bounds the SDK's wait between retries of one call;
	// zero means the SDK's default (20 s).
	RetryMaxBackoff time.Duration
	// CredentialsTimeout bounds the search for credentials at start; zero
	// means 15 s.
	CredentialsTimeout time.Duration
	// Log receives the AWS SDK's own messages, at V(1); Setup sets it to
	// its logger. The zero value discards them.
	Log logr.Logger
}

// SDKLogger passes the AWS SDK's own messages to log at V(1) instead of
// standard error: warnings such as "falling back to IMDSv1", printed while
// the SDK looks for credentials where there are none, say nothing that the
// reader's own messages and errors do not, and read like a failure.
func SDKLogger(log logr.Logger) logging.Logger {
	return logging.LoggerFunc(func(c logging.Classification, format string, v ...any) {
		log.V(1).Info(fmt.Sprintf(format, v...), "sdk", string(c))
	})
}

// LoadConfig finds AWS credentials and a region the SDK's standard way. It
// returns ok=false and why when the reader must stay off; err is for a
// configuration that cannot be used.
func LoadConfig(ctx context.Context, o Options) (cfg aws.Config, ok bool, why string, err error) {
	switch o.Mode {
	case ModeOff:
		return aws.Config{}, false, "--aws=off", nil
	case ModeAuto, "":
	default:
		return aws.Config{}, false, "", fmt.Errorf("--aws is %s or %s, not %q", ModeAuto, ModeOff, o.Mode)
	}
	cfg, err = config.LoadDefaultConfig(ctx, config.WithLogger(SDKLogger(o.Log)), config.WithRetryer(func() aws.Retryer {
		return retry.NewStandard(func(so *retry.StandardOptions) {
			so.MaxAttempts = 4
			if o.RetryMaxBackoff > 0 {
				so.MaxBackoff = o.RetryMaxBackoff
			}
		})
	}))
	if err != nil {
		return aws.Config{}, false, "", fmt.Errorf("loading the AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return aws.Config{}, false, "no AWS region (set AWS_REGION)", nil
	}
	if cfg.Credentials == nil {
		return aws.Config{}, false, "no AWS credentials", nil
	}
	timeout := o.CredentialsTimeout
	if timeout <= 0 {
		timeout = 15 * time.Second
	}
	cctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if _, err := cfg.Credentials.Retrieve(cctx); err != nil {
		return aws.Config{}, false, "no AWS credentials: " + err.Error(), nil
	}
	return cfg, true, "", nil
}

// NewELBv2 is the ELBv2 client of cfg, at endpoint when one is given.
func NewELBv2(cfg aws.Config, endpoint string) *elbv2.Client {
	return elbv2.NewFromConfig(cfg, func(eo *elbv2.Options) {
		if endpoint != "" {
			eo.BaseEndpoint = aws.String(endpoint)
		}
	})
}

// Setup adds the reader to the manager when AWS credentials and a region are
// available, and returns the Store the reconciler reads. It returns a nil
// Store, and adds nothing, when the reader is off: lbo then works exactly as
// without AWS. It logs with the logger in ctx.
func Setup(ctx context.Context, mgr manager.Manager, o Options) (*Store, error) {
	log := logr.FromContextOrDiscard(ctx)
	o.Log = log
	cfg, ok, why, err := LoadConfig(ctx, o)
	if err != nil {
		return nil, err
	}
	if !ok {
		log.Info("the AWS reader is off; status reports what Kubernetes shows only", "why", why)
		return nil, nil
	}
	if o.Interval <= 0 {
		o.Interval = DefaultInterval
	}
	store := NewStore()
	p := &Poller{
		Client: mgr.GetClient(), API: NewELBv2(cfg, o.EndpointURL), Store: store, Cluster: o.Cluster,
		Interval: o.Interval, MaxBackoff: o.MaxBackoff, Log: log,
	}
	if err := mgr.Add(p); err != nil {
		return nil, err
	}
	log.Info("the AWS reader is on", "region", cfg.Region, "interval", p.Interval.String())
	return store, nil
}
