package s3api

import (
	"github.com/coffer-s3/coffer/internal/apierr"
	"github.com/coffer-s3/coffer/internal/s3xml"
)

// Coffer cannot hold lifecycle, logging, Requester Pays, acceleration,
// notification, website, replication or Object Lock configurations (setting
// one is NotImplemented), so reading one answers, after authorization,
// exactly as S3 does for a bucket where it was never set.

func getBucketLifecycle(c *call) error {
	return apierr.NoSuchLifecycleConfiguration.With("BucketName", c.bucket)
}

func getBucketLogging(c *call) error { return c.xml(&s3xml.BucketLoggingStatus{}) }

func getBucketRequestPayment(c *call) error {
	return c.xml(&s3xml.RequestPaymentConfiguration{Payer: "BucketOwner"})
}

func getBucketAccelerate(c *call) error { return c.xml(&s3xml.AccelerateConfiguration{}) }

func getBucketNotification(c *call) error { return c.xml(&s3xml.NotificationConfiguration{}) }

func getBucketWebsite(c *call) error {
	return apierr.NoSuchWebsiteConfiguration.With("BucketName", c.bucket)
}

func getBucketReplication(c *call) error {
	return apierr.ReplicationConfigurationNotFoundError.With("BucketName", c.bucket)
}

func getObjectLockConfiguration(c *call) error {
	return apierr.ObjectLockConfigurationNotFoundError.With("BucketName", c.bucket)
}
