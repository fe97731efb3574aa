using RelationsTracker.Engagements;
using RelationsTracker.Imports;
using Shouldly;
using Xunit;

namespace RelationsTracker.Tests.Imports;

public sealed class CountryAndSectorTests
{
    [Theory]
    [InlineData("ROM", "ROU")]
    [InlineData("TMP", "TLS")]
    [InlineData("ZAR", "COD")]
    [InlineData("WSB", "PSE")]
    [InlineData("GZS", "PSE")]
    [InlineData("usa", "USA")]
    [InlineData("ROU", "ROU")]
    public void Cameo_country_codes_become_iso_codes(string code, string alpha3)
    {
        CountryLookup.ByCode(code).Alpha3.ShouldBe(alpha3);
    }

    [Theory]
    [InlineData("United States", "USA")]
    [InlineData("Russian Federation", "RUS")]
    [InlineData("South Korea", "KOR")]
    [InlineData("Occupied Palestinian Territory", "PSE")]
    [InlineData("Turkey", "TUR")]
    [InlineData("Cote d'Ivoire", "CIV")]
    public void Icews_country_names_become_iso_codes(string name, string alpha3)
    {
        CountryLookup.ByName(name).Alpha3.ShouldBe(alpha3);
    }

    [Fact]
    public void Regions_and_non_iso_places_are_unrecognised_with_a_note_and_blanks_are_missing()
    {
        CountryLookup.ByCode("EUR").ShouldBe(new CountryMatch(null, "EUR", "a CAMEO region (Europe)"));
        CountryLookup.ByCode("KSV").Note.ShouldBe("Kosovo has no ISO 3166-1 code");
        CountryLookup.ByCode("XXX").ShouldBe(new CountryMatch(null, "XXX", null));
        CountryLookup.ByCode(" ").IsMissing.ShouldBeTrue();
        CountryLookup.ByName("NA").IsMissing.ShouldBeTrue();
    }

    [Theory]
    [InlineData("Government,Executive,Defense / Security Ministry,Military", Sector.Defense)]
    [InlineData("Military,Government", Sector.Military)]
    [InlineData("Government,Executive,Foreign Ministry", Sector.Diplomatic)]
    [InlineData("Government,Executive,Executive Office", Sector.Executive)]
    [InlineData("Government,Executive", Sector.Other)]
    [InlineData("Legislative / Parliamentary,Government", Sector.Legislative)]
    [InlineData("Government,Ministry of Environment and Climate", Sector.Climate)]
    [InlineData("NA", null)]
    public void The_most_specific_icews_sector_wins(string sectors, Sector? expected)
    {
        SectorRules.Classify(sectors, ',').ShouldBe(expected);
    }

    [Theory]
    [InlineData("GOV", "MIL", "", Sector.Military)]
    [InlineData("GOV", "", "", Sector.Other)]
    [InlineData("BUS", "LEG", "", Sector.Economic)]
    [InlineData("", "", "", null)]
    public void The_most_specific_gdelt_actor_type_wins(string type1, string type2, string type3, Sector? expected)
    {
        SectorRules.Classify(type1, type2, type3).ShouldBe(expected);
    }
}
