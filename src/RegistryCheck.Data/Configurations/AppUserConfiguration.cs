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
        b.Property(x => x.Language).HasMaxLength(10);
        b.HasOne(x => x.Student).WithOne().HasForeignKey<AppUser>(x => x.StudentId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => x.StudentId).IsUnique();
    }
}
