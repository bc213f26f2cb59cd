using Microsoft.AspNetCore.Identity;

namespace RegistryCheck.Data.Entities;

/// <summary>
/// Every account, staff and student alike, so that lockout, security stamps and cookies work one way.
/// A student account has <see cref="StudentId"/> and no password hash until the student sets one: the
/// initial password is checked against the stored ID number, so an import hashes nothing.
/// </summary>
public class AppUser : IdentityUser<int>
{
    public string DisplayName { get; set; } = "";
    public int? StudentId { get; set; }
    public Student? Student { get; set; }
    public bool IsDisabled { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? PasswordChangedAt { get; set; }

    /// <summary>
    /// A staff password that an administrator typed or generated for this person: it must be changed at the next
    /// sign-in (a student's initial password is the same rule, read from the missing hash).
    /// </summary>
    public bool MustChangePassword { get; set; }

    /// <summary>
    /// Set while the password is a one-time reset code (a counselor's reset): the code is refused after this moment,
    /// and is replaced at the sign-in that uses it (<see cref="MustChangePassword"/> is set with it).
    /// </summary>
    public DateTime? PasswordExpiresAt { get; set; }
    public List<StaffScope> Scopes { get; set; } = [];

    /// <summary>The UI language the person last picked (zh-CN when never), so messages sent later speak it too.</summary>
    public string? Language { get; set; }

    public bool IsStudent => StudentId is not null;
}

public class AppRole : IdentityRole<int>
{
}

public static class Roles
{
    public const string Student = "Student";
    public const string Counselor = "Counselor";
    public const string CollegeAdmin = "CollegeAdmin";
    public const string Registrar = "Registrar";
    public const string Administrator = "Administrator";

    public static readonly string[] Staff = [Counselor, CollegeAdmin, Registrar, Administrator];
}
