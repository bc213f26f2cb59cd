using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using RegistryCheck.Data.Entities;

namespace RegistryCheck.Data.Configurations;

public class CampaignIntakeTypeConfiguration : IEntityTypeConfiguration<CampaignIntakeType>
{
    public void Configure(EntityTypeBuilder<CampaignIntakeType> b)
    {
        b.ToTable("CampaignIntakeTypes");
        b.Property(x => x.IntakeType).HasMaxLength(FieldLengths.ShortText);
        b.HasIndex(x => new { x.CampaignId, x.IntakeType }).IsUnique();
        b.HasIndex(x => x.IntakeType);
    }
}
