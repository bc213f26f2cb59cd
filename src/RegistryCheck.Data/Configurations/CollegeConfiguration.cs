using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class CollegeConfiguration : IEntityTypeConfiguration<College>
{
    public void Configure(EntityTypeBuilder<College> b)
    {
        b.Property(x => x.Name).HasMaxLength(FieldLengths.OrgName);
        b.Property(x => x.Code).HasMaxLength(FieldLengths.Code);
        b.HasIndex(x => x.Name).IsUnique();
    }
}
