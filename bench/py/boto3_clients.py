"""The two clients the bench drives with boto3, configured the same way: ours (AppStream
DescribeImages) and moto's (CloudWatch Logs DescribeLogGroups), both awsJson1_1, page size 25."""
import boto3
from botocore.config import Config

CONFIG = Config(retries={"max_attempts": 1}, max_pool_connections=4)


def client(kind, endpoint):
    if kind == "ours":
        return boto3.client("appstream", endpoint_url=endpoint, region_name="us-east-1",
                            aws_access_key_id="111111111111", aws_secret_access_key="bench-secret", config=CONFIG)
    return boto3.client("logs", endpoint_url=endpoint, region_name="us-east-1",
                        aws_access_key_id="testing", aws_secret_access_key="testing", config=CONFIG)


def operation(kind):
    """(method name, paginator name, page-size kwargs, token kwarg, token key, items key)."""
    if kind == "ours":
        return "describe_images", "describe_images", {"MaxResults": 25}, "NextToken", "NextToken", "Images"
    return "describe_log_groups", "describe_log_groups", {"limit": 25}, "nextToken", "nextToken", "logGroups"
