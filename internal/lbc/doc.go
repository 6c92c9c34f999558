// Package lbc is lbo's contract with the AWS Load Balancer Controller, in one
// place: the annotation keys lbo writes on the children it makes and reads
// back when it imports existing objects, the value format of each (and a
// pair of functions to encode and decode it), the AWS limits the values are
// checked against, and the documentation of every annotation of the
// controller (docs/annotations.md is generated from Annotations).
//
// What the controller does is taken from its code (commit 225f44568848 of
// kubernetes-sigs/aws-load-balancer-controller), not from its documentation:
// pkg/annotations/parser.go reads every annotation, and the model builders
// under pkg/ingress and pkg/service decide what the values mean. The comments
// here say what that code does, in lbo's words.
//
// Encoders refuse what the controller's parser would read back differently
// (a comma inside one element of a comma-separated list, spaces around a
// value it trims, text that is not UTF-8), so that no value lbo writes can
// change meaning on the way: decode(encode(v)) == v for every v that encodes,
// which the property tests check. The expansion (internal/expand) writes every
// annotation through a Writer over those encoders, the importer
// (internal/importer) reads every annotation through the decoders, and no
// other package spells an annotation key.
//
// To add an annotation: a key constant in keys.go (or a function for a family
// of keys), the encoder and decoder of its format if it has a new one
// (format.go, json.go) with a property test, a row in Annotations
// (annotations.go) that says which LoadBalancer field it comes from, and the
// expansion and importer code that writes and reads it. To add an AWS limit:
// a constant in limits.go whose comment cites the AWS page that states it, and
// a CRDBound when the CRD states it for admission (TestCRDStatesTheLimits keeps
// the two equal).
package lbc
