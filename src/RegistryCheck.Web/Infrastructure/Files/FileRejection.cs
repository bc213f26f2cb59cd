namespace RegistryCheck.Web.Infrastructure.Files;

public enum FileRejection
{
    None,
    Empty,
    TooLarge,

    /// <summary>
    /// Not a JPEG, PNG or PDF, or it carries one of their signatures but its structure is broken
    /// (bad IHDR CRC, missing SOF, malformed segment): either way it is not a file we can vouch for.
    /// </summary>
    UnknownType,

    NotAllowedForKind,

    /// <summary>The structure was sound as far as it went, but the data ended before it was complete.</summary>
    Truncated,

    DimensionsOutOfRange,
}
