{#- The reason of a detail row (DCIR detail tables, PMSI D/A/UM): `unparsable_value` >
    `orphan_detail_line` (no parent row with the same key) > the reason of its parent row.
    `details` and `parents` are relations; they join on `detail_key` = `parent_key`; only the
    parents meeting `parent_condition` count (a PMSI stay needs its B row). -#}
{% macro detail_rejection_reason(details, parents, detail_key, parent_key, parent_condition='true') -%}

with

detail_rows as (

    select * from {{ details }}

),

parent_rows as (

    select
        {{ parent_key }} as parent_key,
        rejection_reason as parent_reason
    from {{ parents }}
    where {{ parent_condition }}

),

with_parent as (

    select
        detail_rows.*,
        parent_rows.parent_key is not null as has_parent,
        parent_rows.parent_reason
    from detail_rows
    left join parent_rows on detail_rows.{{ detail_key }} = parent_rows.parent_key

),

with_reason as (

    select
        *,
        {{ first_matching_reason([
            ('unparsable_value', 'unparsable_column is not null'),
            ('orphan_detail_line', 'not has_parent'),
        ]) }} as own_reason
    from with_parent

)

select
    *,
    coalesce(own_reason, parent_reason) as rejection_reason
from with_reason

{%- endmacro %}
