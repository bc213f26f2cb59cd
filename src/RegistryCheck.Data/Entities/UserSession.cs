namespace RegistryCheck.Data.Entities;

/// <summary>
/// One signed-in session: the cookie carries only <see cref="Key"/>, the authentication ticket lives here. Deleting
/// the row ends the session on every instance at the next request (sign-out, "end all sessions", CAS single logout).
/// </summary>
public class UserSession
{
    public int Id { get; set; }

    /// <summary>Random, 256 bits, base64url: what the (data-protected) cookie refers to.</summary>
    public required string Key { get; set; }

    public int UserId { get; set; }

    /// <summary>The serialized ticket, data-protected: claims and security stamp are not readable from a copy of the table.</summary>
    public required byte[] Ticket { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime LastRenewedAt { get; set; }
    public DateTime ExpiresAt { get; set; }

    /// <summary>password, cas or oidc.</summary>
    public string Method { get; set; } = "password";

    /// <summary>SHA-256 (hex) of the campus session's identifier (the CAS service ticket): how single logout finds the session.</summary>
    public string? SsoSessionHash { get; set; }

    public string? IpAddress { get; set; }
    public string? UserAgent { get; set; }
}
