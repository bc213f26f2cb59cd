using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Ignore(x => x.IsStudent);
        b.Property(x => x.DisplayName).HasMaxLength(FieldLengths.PersonName);
        b.HasOne(x => x.Student).WithOne().HasForeignKey<AppUser>(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.StudentId).IsUnique();
    }
}

public class StaffScopeConfiguration : IEntityTypeConfiguration<StaffScope>
{
    public void Configure(EntityTypeBuilder<StaffScope> b)
    {
        b.HasOne(x => x.User).WithMany(u => u.Scopes).HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne(x => x.College).WithMany().HasForeignKey(x => x.CollegeId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne(x => x.Class).WithMany().HasForeignKey(x => x.ClassId).OnDelete(DeleteBehavior.Restrict);
    }
}

public class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.Property(x => x.ActorName).HasMaxLength(FieldLengths.PersonName);
        b.Property(x => x.Action).HasMaxLength(64);
        b.Property(x => x.TargetType).HasMaxLength(64);
        b.Property(x => x.TargetId).HasMaxLength(64);
        b.Property(x => x.Details).HasMaxLength(2000);
        b.Property(x => x.IpAddress).HasMaxLength(64);
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.Action, x.At });
        b.HasIndex(x => new { x.ActorUserId, x.At });
    }
}

public class SignInThrottleConfiguration : IEntityTypeConfiguration<SignInThrottle>
{
    public void Configure(EntityTypeBuilder<SignInThrottle> b)
    {
        b.HasKey(x => x.Key);
        b.Property(x => x.Key).HasMaxLength(128);
    }
}

public class ImportJobConfiguration : IEntityTypeConfiguration<ImportJob>
{
    public void Configure(EntityTypeBuilder<ImportJob> b)
    {
        b.Property(x => x.FileName).HasMaxLength(FieldLengths.FileName);
        b.Property(x => x.Options).HasMaxLength(2000);
        b.Property(x => x.Error).HasMaxLength(FieldLengths.Note);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.HasIndex(x => x.CreatedAt);
    }
}

public class ImportFileConfiguration : IEntityTypeConfiguration<ImportFile>
{
    public void Configure(EntityTypeBuilder<ImportFile> b)
    {
        b.HasKey(x => x.ImportJobId);
        b.HasOne<ImportJob>().WithOne().HasForeignKey<ImportFile>(x => x.ImportJobId).OnDelete(DeleteBehavior.Cascade);
    }
}
