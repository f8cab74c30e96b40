"""Request types for the providers that publish no spec we can reach (Replicate, Runway, BFL, Gemini).

Their OpenAPI documents live only on their own servers, so these are our own compact JSON Schemas written
from each provider's OFFICIAL SDK request types (and, for Replicate model inputs, the models' published
input schemas as recorded in shared/reference/providers.md). Each module names the SDK, file and version
it was read from. Objects are closed (``additionalProperties: false``) so a misspelt field is caught.
"""
