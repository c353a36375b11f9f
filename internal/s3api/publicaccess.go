package s3api

import (
	"net/http"

	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/control"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

func getPublicAccessBlock(c *call) error {
	p, ok := control.DecodePAB(c.bkt.Configs[control.ConfigPAB])
	if !ok {
		return apierr.NoSuchPublicAccessBlockConfiguration.With("BucketName", c.bucket)
	}
	return c.xml(&s3xml.PublicAccessBlockConfiguration{BlockPublicAcls: p.BlockPublicAcls, IgnorePublicAcls: p.IgnorePublicAcls,
		BlockPublicPolicy: p.BlockPublicPolicy, RestrictPublicBuckets: p.RestrictPublicBuckets})
}

func putPublicAccessBlock(c *call) error {
	body, err := c.smallBody(maxConfigBody)
	if err != nil {
		return err
	}
	cfg, err := s3xml.DecodePublicAccessBlock(body)
	if err != nil {
		return err
	}
	p := control.PAB{BlockPublicAcls: cfg.BlockPublicAcls, IgnorePublicAcls: cfg.IgnorePublicAcls,
		BlockPublicPolicy: cfg.BlockPublicPolicy, RestrictPublicBuckets: cfg.RestrictPublicBuckets}
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bucket, control.ConfigPAB, p.Encode()); err != nil {
		return err
	}
	return c.empty(http.StatusOK)
}

func deletePublicAccessBlock(c *call) error {
	if err := c.h.eng.SetBucketConfig(c.ctx, c.bucket, control.ConfigPAB, nil); err != nil {
		return err
	}
	return c.empty(http.StatusNoContent)
}
