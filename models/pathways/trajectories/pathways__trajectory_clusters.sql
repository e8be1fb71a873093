{%- set n_types = trajectory_integer_var('trajectory_n_types', 5) -%}
{%- set n_iterations = trajectory_integer_var('trajectory_kmedoids_iterations', 3) -%}

with

distances as (

    select * from {{ ref('pathways__trajectory_distances') }}

),

build_ranks_1 as (

    -- PAM BUILD, first medoid: the candidate with the least total distance to all patients
    -- (a variant weighs its number of patients); ties go to the smallest sequence
    select
        condition,
        candidate_sequence,
        row_number() over (
            partition by condition
            order by sum(n_patients * distance) asc, candidate_sequence asc
        ) as build_rank
    from distances
    group by condition, candidate_sequence

),

medoids_1 as (

    select
        condition,
        candidate_sequence as medoid_sequence
    from build_ranks_1
    where build_rank = 1

),
{% for step in range(2, n_types + 1) %}
nearest_{{ step - 1 }} as (

    select
        distances.condition,
        distances.trajectory_sequence,
        min(distances.distance) as nearest_distance
    from distances
    inner join medoids_{{ step - 1 }} as medoids
        on
            distances.condition = medoids.condition
            and distances.candidate_sequence = medoids.medoid_sequence
    group by distances.condition, distances.trajectory_sequence

),

build_ranks_{{ step }} as (

    -- PAM BUILD, next medoid: the candidate that lowers most the total distance of the
    -- patients to their nearest medoid
    select
        distances.condition,
        distances.candidate_sequence,
        row_number() over (
            partition by distances.condition
            order by
                sum(
                    distances.n_patients * least(distances.distance, nearest.nearest_distance)
                ) asc,
                distances.candidate_sequence asc
        ) as build_rank
    from distances
    inner join nearest_{{ step - 1 }} as nearest
        on
            distances.condition = nearest.condition
            and distances.trajectory_sequence = nearest.trajectory_sequence
    left join medoids_{{ step - 1 }} as medoids
        on
            distances.condition = medoids.condition
            and distances.candidate_sequence = medoids.medoid_sequence
    where medoids.medoid_sequence is null
    group by distances.condition, distances.candidate_sequence

),

medoids_{{ step }} as (

    select
        condition,
        medoid_sequence
    from medoids_{{ step - 1 }}
    union all
    select
        condition,
        candidate_sequence as medoid_sequence
    from build_ranks_{{ step }}
    where build_rank = 1

),
{% endfor %}
{%- set ns = namespace(medoids='medoids_' ~ n_types) %}
{%- for iteration in range(1, n_iterations + 1) %}
assignment_ranks_{{ iteration }} as (

    -- alternate k-medoids, assignment: each variant goes to its nearest medoid
    select
        distances.condition,
        distances.trajectory_sequence,
        distances.n_patients,
        distances.candidate_sequence as medoid_sequence,
        row_number() over (
            partition by distances.condition, distances.trajectory_sequence
            order by distances.distance asc, distances.candidate_sequence asc
        ) as assignment_rank
    from distances
    inner join {{ ns.medoids }} as medoids
        on
            distances.condition = medoids.condition
            and distances.candidate_sequence = medoids.medoid_sequence

),

recentre_ranks_{{ iteration }} as (

    -- alternate k-medoids, update: the new medoid of a cluster is the candidate among its
    -- members with the least total distance to the members (the old one is a candidate, so
    -- the total distance never increases)
    select
        members.condition,
        members.medoid_sequence,
        distances.candidate_sequence,
        row_number() over (
            partition by members.condition, members.medoid_sequence
            order by
                sum(members.n_patients * distances.distance) asc,
                distances.candidate_sequence asc
        ) as recentre_rank
    from assignment_ranks_{{ iteration }} as members
    inner join distances
        on
            members.condition = distances.condition
            and members.trajectory_sequence = distances.trajectory_sequence
    inner join assignment_ranks_{{ iteration }} as candidates
        on
            distances.condition = candidates.condition
            and distances.candidate_sequence = candidates.trajectory_sequence
            and members.medoid_sequence = candidates.medoid_sequence
    where members.assignment_rank = 1 and candidates.assignment_rank = 1
    group by members.condition, members.medoid_sequence, distances.candidate_sequence

),

recentred_medoids_{{ iteration }} as (

    select
        condition,
        candidate_sequence as medoid_sequence
    from recentre_ranks_{{ iteration }}
    where recentre_rank = 1

),
{%- set ns.medoids = 'recentred_medoids_' ~ iteration %}
{% endfor %}
final_assignment_ranks as (

    -- LIMITATION: the alternate rounds above are not PAM's full SWAP search and stop after
    -- var trajectory_kmedoids_iterations rounds, so the medoids may be a local optimum
    select
        distances.condition,
        distances.trajectory_sequence,
        distances.n_patients,
        distances.candidate_sequence as medoid_sequence,
        distances.distance,
        row_number() over (
            partition by distances.condition, distances.trajectory_sequence
            order by distances.distance asc, distances.candidate_sequence asc
        ) as assignment_rank
    from distances
    inner join {{ ns.medoids }} as medoids
        on
            distances.condition = medoids.condition
            and distances.candidate_sequence = medoids.medoid_sequence

),

final as (

    select
        cast(condition as varchar) as condition,
        cast(trajectory_sequence as varchar) as trajectory_sequence,
        cast(n_patients as integer) as n_patients,
        cast(medoid_sequence as varchar) as medoid_sequence,
        cast(distance as integer) as distance_to_medoid,
        cast('{{ var("trajectory_rules_version") }}' as varchar) as rule_version
    from final_assignment_ranks
    where assignment_rank = 1

)

select * from final
