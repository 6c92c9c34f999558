package lbc

// AWS's limits on what lbo passes on. Each cites the AWS page that states it.

// MaxTrustStoresPerLoadBalancer is how many trust stores the listeners of one
// Application Load Balancer verify client certificates with (mutual TLS in
// verify mode). "Quotas for your Application Load Balancers", trust stores:
// https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html#trust-stores-quotas
const MaxTrustStoresPerLoadBalancer = 2
