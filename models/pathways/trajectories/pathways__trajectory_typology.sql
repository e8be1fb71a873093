with

sequences as (

    select * from {{ ref('pathways__trajectory_sequences') }}

),

clusters as (

    select * from {{ ref('pathways__trajectory_clusters') }}

),

types as (

    select * from {{ ref('pathways__trajectory_types') }}

),

persons as (

    select * from {{ ref('pathways__persons') }}

),

typed_patients as (

    -- a patient takes the type of its sequence (identical sequences share a cluster)
    select
        sequences.person_id,
        sequences.condition,
        sequences.index_date,
        sequences.index_year,
        sequences.trajectory_sequence,
        clusters.distance_to_medoid,
        types.type_id,
        types.type_label
    from sequences
    inner join clusters
        on
            sequences.condition = clusters.condition
            and sequences.trajectory_sequence = clusters.trajectory_sequence
    inner join types
        on
            clusters.condition = types.condition
            and clusters.medoid_sequence = types.medoid_sequence
    where sequences.has_full_follow_up

),

final as (

    select
        cast(typed_patients.person_id as varchar) as person_id,
        cast(typed_patients.condition as varchar) as condition,
        cast(typed_patients.index_date as date) as index_date,
        cast(typed_patients.index_year as integer) as index_year,
        cast(persons.sex_code as integer) as sex_code,
        cast(typed_patients.index_year - persons.birth_year as integer) as age_at_index_years,
        cast(persons.region_code as varchar) as region_code,
        cast(typed_patients.trajectory_sequence as varchar) as trajectory_sequence,
        cast(typed_patients.type_id as integer) as type_id,
        cast(typed_patients.type_label as varchar) as type_label,
        cast(typed_patients.distance_to_medoid as integer) as distance_to_medoid,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from typed_patients
    left join persons on typed_patients.person_id = persons.person_id

)

select * from final
