namespace RegistryCheck.Web.Features.Import;

public sealed record UnmatchedFile(string File, UserMessage Reason);
