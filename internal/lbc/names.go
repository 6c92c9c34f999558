package lbc

import (
	"errors"
	"fmt"
	"net"
	"regexp"
	"strings"
)

// AWS names lbo passes on that are checked beyond the CRD's patterns.

const (
	s3BucketNaming = "https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html"
	albAccessLogs  = "https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html"
)

// RuleS3Bucket is the rule CheckS3Bucket and CheckLogPrefix state.
var RuleS3Bucket = Rule{
	Fields: []string{"spec.loadBalancerAttributes.accessLogs.bucket", "spec.loadBalancerAttributes.accessLogs.prefix", "spec.loadBalancerAttributes.additional"},
	Says: "the bucket of access logs (and of connection_logs and health_check_logs in additional) follows S3's naming rules for general purpose buckets: " +
		"3 to 63 lowercase letters, digits, '.' and '-', starting and ending with a letter or digit, no '..', not an IP address, not starting with xn--, " +
		"sthree- or amzn-s3-demo-, not ending with -s3alias, --ol-s3, .mrap, --x-s3 or --table-s3 (" + s3BucketNaming + "); the prefix does not include AWSLogs (" + albAccessLogs + ")",
}

var s3BucketChars = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)

// CheckS3Bucket refuses what S3 refuses as the name of a general purpose
// bucket, the kind ELB writes its logs to.
func CheckS3Bucket(name string) error {
	reason := ""
	switch {
	case !s3BucketChars.MatchString(name):
		reason = "is not 3 to 63 lowercase letters, digits, '.' and '-' starting and ending with a letter or digit"
	case strings.Contains(name, ".."):
		reason = "holds two adjacent periods"
	case net.ParseIP(name) != nil:
		reason = "is formatted as an IP address"
	}
	for _, p := range []string{"xn--", "sthree-", "amzn-s3-demo-"} {
		if reason == "" && strings.HasPrefix(name, p) {
			reason = "starts with " + p + ", which S3 reserves"
		}
	}
	for _, s := range []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"} {
		if reason == "" && strings.HasSuffix(name, s) {
			reason = "ends with " + s + ", which S3 reserves"
		}
	}
	if reason == "" {
		return nil
	}
	return fmt.Errorf("the S3 bucket name %q %s (%s)", name, reason, s3BucketNaming)
}

// CheckLogPrefix refuses a prefix for ELB logs that AWS refuses: "The prefix
// that you specify must not include AWSLogs", which ELB adds itself.
func CheckLogPrefix(prefix string) error {
	if strings.Contains(prefix, "AWSLogs") {
		return errors.New("the prefix must not include AWSLogs: ELB adds AWSLogs/<account>/... after it (" + albAccessLogs + ")")
	}
	return nil
}
