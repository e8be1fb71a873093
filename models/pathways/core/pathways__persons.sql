with

beneficiaries as (

    select * from {{ ref('stg_snds__beneficiaries') }}

),

stays as (

    select * from {{ ref('stg_snds__mco_stays') }}

),

departements as (

    select * from {{ ref('ref_departements') }}

),

latest_pseudonym as (

    -- a person's pseudonyms normally agree on sex and birth; the most recently updated one
    -- gives them and the residence (the referential keeps the latest state only, snds.md §1.1)
    select
        person_id,
        sex_code,
        birth_year,
        departement_code,
        row_number() over (
            partition by person_id
            order by updated_date desc, ben_nir_psa asc, birth_rank asc
        ) as recency_rank
    from beneficiaries

),

referential_deaths as (

    -- the death date sits on one pseudonym only (snds.md §4): take it from any of them
    select
        person_id,
        max(death_date) as death_date,
        count(*) as n_pseudonyms
    from beneficiaries
    group by person_id

),

hospital_deaths as (

    -- SOR_MOD 9 = died in hospital; used only when the referential has no date (snds.md §4)
    select
        person_id,
        min(discharge_date) as death_date
    from stays
    where discharge_mode_code = '9'
    group by person_id

),

final as (

    select
        cast(latest_pseudonym.person_id as varchar) as person_id,
        cast(latest_pseudonym.sex_code as integer) as sex_code,
        cast(latest_pseudonym.birth_year as integer) as birth_year,
        cast(
            coalesce(referential_deaths.death_date, hospital_deaths.death_date) as date
        ) as death_date,
        cast(
            case
                when referential_deaths.death_date is not null then 'IR_BEN_R'
                when hospital_deaths.death_date is not null then 'T_MCOaaB'
            end as varchar
        ) as death_source,
        cast(latest_pseudonym.departement_code as varchar) as departement_code,
        cast(departements.region_code as varchar) as region_code,
        cast(referential_deaths.n_pseudonyms as integer) as n_pseudonyms
    from latest_pseudonym
    inner join referential_deaths on latest_pseudonym.person_id = referential_deaths.person_id
    left join hospital_deaths on latest_pseudonym.person_id = hospital_deaths.person_id
    left join departements
        on latest_pseudonym.departement_code = departements.departement_code
    where latest_pseudonym.recency_rank = 1

)

select * from final
