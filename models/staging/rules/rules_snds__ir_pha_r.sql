with

drugs as (

    select * from {{ ref('base_snds__ir_pha_r') }}

),

ranked as (

    select
        *,
        -- a CIP13 listed twice keeps the row with the smallest PHA_NOM_PA
        row_number() over (
            partition by pha_cip_c13, unparsable_column is null
            order by pha_nom_pa, row_key
        ) as rank_within_cip13
    from drugs

),

with_reason as (

    select
        *,
        {{ first_matching_reason([
            ('unparsable_value', 'unparsable_column is not null'),
            ('duplicate_cip13', 'rank_within_cip13 > 1'),
        ]) }} as rejection_reason
    from ranked

)

select * from with_reason
