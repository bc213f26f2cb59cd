using Microsoft.EntityFrameworkCore;
using RegistryCheck.Data;
using RegistryCheck.Data.Entities;
using RegistryCheck.Data.Rules;
using RegistryCheck.Web.Infrastructure.Audit;
using RegistryCheck.Web.Infrastructure.Time;

namespace RegistryCheck.Web.Features.Students;

/// <summary>What the contact form posts. It has no student id: the handler takes the signed-in student's.</summary>
public sealed class ContactForm
{
    public string? Phone { get; set; }
    public string? Email { get; set; }
}

public sealed record ContactOutcome(bool Succeeded, bool Changed, IReadOnlyList<UserMessage> Problems, bool ChangedMeanwhile = false);

/// <summary>
/// 联系电话 and 电子邮箱: the student's own details, edited directly on the record page through the fields' rules, without
/// a report and at any time (also after the deadline: the registry check is about the record, not about how to reach
/// the student). An empty e-mail clears it; the phone is required, as the rule says.
/// </summary>
public sealed class ChangeContactHandler(RegistryDbContext db, CampaignClock clock, AuditLog audit)
{
    public async Task<ContactOutcome> HandleAsync(int studentId, ContactForm form, CancellationToken ct)
    {
        var context = new FieldContext(clock.Today);
        var problems = new List<UserMessage>();
        var phone = FieldRules.For(RecordField.Phone).Check(form.Phone, context);
        if (!phone.IsValid)
        {
            problems.Add(UserMessage.For(nameof(ContactForm.Phone), phone.Message!, phone.Args));
        }

        var emailEmpty = FieldText.Clean(form.Email).Length == 0;
        var email = emailEmpty ? null : FieldRules.For(RecordField.Email).Check(form.Email, context);
        if (email is { IsValid: false })
        {
            problems.Add(UserMessage.For(nameof(ContactForm.Email), email.Message!, email.Args));
        }

        if (problems.Count > 0)
        {
            return new ContactOutcome(false, false, problems);
        }

        var student = await db.Students.SingleAsync(s => s.Id == studentId, ct);
        var now = clock.UtcNow;
        var changed = new List<string>();
        if (student.Phone != phone.Value)
        {
            student.Phone = phone.Value;
            student.PhoneByStudentAt = now;
            changed.Add("phone");
        }

        if (student.Email != email?.Value)
        {
            student.Email = email?.Value;
            student.EmailByStudentAt = now;
            changed.Add("email");
        }

        if (changed.Count == 0)
        {
            return new ContactOutcome(true, false, []);
        }

        // Which fields changed, never the values: the audit log keeps no personal data.
        audit.Add(AuditActions.ContactChanged, "student", studentId, string.Join(',', changed));
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another tab or an import changed the record at the same moment; the student looks again and resends.
            return new ContactOutcome(false, false, [], ChangedMeanwhile: true);
        }

        return new ContactOutcome(true, true, []);
    }
}
