using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Staff;

public class StaffRolesForm
{
    [Display(Name = "姓名")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(50, ErrorMessage = "{0}过长")]
    public string? DisplayName { get; set; }

    /// <summary>Where the portal's messages to this person go (issue 17), e.g. summary-deadline reminders.</summary>
    [Display(Name = "电子邮箱")]
    [StringLength(200, ErrorMessage = "{0}过长")]
    [EmailAddress(ErrorMessage = "电子邮箱格式不正确")]
    // [EmailAddress] alone takes "wang@localhost" and "a@b": the reminders need a deliverable domain address, one only.
    [RegularExpression(@"^\s*[^@\s<>()\[\],;:""]+@[^@\s<>()\[\],;:""]+\.[^@\s<>()\[\],;:"".]{2,}\s*$", ErrorMessage = "电子邮箱格式不正确")]
    public string? Email { get; set; }

    public List<string> Roles { get; set; } = [];

    public List<int> ClassIds { get; set; } = [];

    public int? CollegeId { get; set; }

    public static string? CleanEmail(string? email) => string.IsNullOrWhiteSpace(email) ? null : email.Trim();
}

public sealed class CreateStaffForm : StaffRolesForm
{
    [Display(Name = "用户名")]
    [Required(ErrorMessage = "请输入{0}")]
    [StringLength(64, MinimumLength = 2, ErrorMessage = "{0}长度应为 {2} 到 {1} 个字符")]
    [RegularExpression("^[A-Za-z0-9._@-]+$", ErrorMessage = "{0}只能包含英文字母、数字和 . _ @ -")]
    public string? UserName { get; set; }

    /// <summary>Empty: the portal generates one and shows it once.</summary>
    [Display(Name = "初始密码")]
    [StringLength(128, ErrorMessage = "{0}过长")]
    [DataType(DataType.Password)]
    public string? Password { get; set; }
}

public sealed record StaffPasswordView(int UserId, string UserName, string DisplayName, string Password, bool IsNewAccount);

public sealed record CreateStaffResult(StaffPasswordView? Created, IReadOnlyList<UserMessage> Problems);

/// <summary>
/// Creates a staff account through Identity (user-name and password rules apply), with its roles and scopes,
/// in one transaction. A generated password is returned to be shown once; a typed one is not shown again.
/// </summary>
public sealed class CreateStaffHandler(
    RegistryDbContext db, UserManager<AppUser> users, StaffAssignments assignments, AuditLog audit, CampaignClock clock, ILogger<CreateStaffHandler> logger)
{
    public async Task<CreateStaffResult> HandleAsync(CreateStaffForm form, CancellationToken ct)
    {
        var roles = StaffAssignments.CleanRoles(form.Roles);
        var problems = await assignments.ValidateAsync(roles, form.ClassIds, form.CollegeId, ct);
        if (problems.Count > 0)
        {
            return new(null, problems);
        }

        var user = new AppUser
        {
            UserName = form.UserName!.Trim(),
            DisplayName = form.DisplayName!.Trim(),
            Email = StaffRolesForm.CleanEmail(form.Email),
            NormalizedEmail = StaffRolesForm.CleanEmail(form.Email)?.ToUpperInvariant(),
            CreatedAt = clock.UtcNow,
            LockoutEnabled = false,
            // The administrator typed or generated it: the person sets an own one at the first sign-in.
            MustChangePassword = true,
        };
        var generated = string.IsNullOrEmpty(form.Password);
        var password = generated ? await StaffPasswords.GenerateValidAsync(users, user) : form.Password!;

        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return new(null, created.Errors
                .Select(e => UserMessage.For(e.Code.Contains("Password", StringComparison.Ordinal) ? nameof(form.Password) : nameof(form.UserName), e.Description))
                .ToList());
        }

        var (roleDetails, scopeDetails) = await assignments.ApplyAsync(user.Id, roles, form.ClassIds, form.CollegeId, ct);
        audit.Add(AuditActions.StaffChanged, "user", user.Id, $"created {roleDetails} password={(generated ? "generated" : "typed")}");
        if (scopeDetails is not null)
        {
            audit.Add(AuditActions.ScopeChanged, "user", user.Id, scopeDetails);
        }

        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Staff account {UserId} created", user.Id);
        return new(generated ? new StaffPasswordView(user.Id, user.UserName, user.DisplayName, password, true) : null, []);
    }
}
