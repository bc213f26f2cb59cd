namespace RegistryCheck.Web.Infrastructure.Mvc;

/// <summary>A photo or an evidence file as <see cref="PrivateFile"/> serves it.</summary>
public sealed record StoredFile(byte[] Content, string ContentType, string FileName);
